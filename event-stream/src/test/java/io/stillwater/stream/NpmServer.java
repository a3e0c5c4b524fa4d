package io.stillwater.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * A local AWS-compatible server from npm (kinesalite, dynalite, s3rver) run as a child process for tests, on
 * 127.0.0.1 only: installs the package once into a directory with npm, starts it on a free port, waits for the
 * port, and stops it by PID. Skips the calling test with a message only when node or npm is missing. Shared by
 * every module's test server (event-stream's test-jar) so there is one way to do this.
 */
public final class NpmServer implements AutoCloseable {

  private final String name;
  private final List<String> command;
  private final Path log;
  private final int port;
  private Process process;

  private NpmServer(String name, List<String> command, Path log, int port) {
    this.name = name;
    this.command = command;
    this.log = log;
    this.port = port;
  }

  /**
   * The installed package's folder ({@code dir/node_modules/<name>}), running {@code npm install} first if
   * {@code entry} (a file in it) is missing.
   *
   * @param npmPackage name@version
   */
  public static Path install(String npmPackage, Path dir, String entry) throws IOException, InterruptedException {
    String name = npmPackage.substring(0, npmPackage.lastIndexOf('@'));
    Path pkg = dir.resolve("node_modules").resolve(name);
    Assumptions.assumeTrue(onPath("node"), "node is not installed: skipping the tests against " + name);
    if (!Files.exists(pkg.resolve(entry))) {
      Assumptions.assumeTrue(onPath("npm"), "npm is not installed: skipping the tests against " + name);
      Files.createDirectories(dir);
      Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
          "--loglevel=error", npmPackage).redirectErrorStream(true).redirectOutput(dir.resolve("npm-install.log").toFile()).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(pkg.resolve(entry))) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm install " + npmPackage + " failed: see " + dir.resolve("npm-install.log"));
      }
    }
    return pkg;
  }

  /**
   * Starts {@code commandForPort(port)} on a free loopback port (its output to {@code logDir/<name>-<port>.log})
   * and waits up to 20 s for the port to accept connections.
   */
  public static NpmServer start(String name, Path logDir, IntFunction<List<String>> commandForPort) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    NpmServer server = new NpmServer(name, commandForPort.apply(port), logDir.resolve(name + "-" + port + ".log"), port);
    server.launch();
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Stops the process (SIGTERM to its PID, then SIGKILL after 5 s); {@link #restart} starts it again. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the stopped server again with the same command and port (for outage tests). */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  private void launch() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(name + " exited with " + p.exitValue() + ": see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        process = p;
        return;
      } catch (IOException e) {
        Thread.sleep(50); // polling for the port, with a deadline
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within 20 s: see " + log);
  }

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
