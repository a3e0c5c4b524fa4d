package io.stillwater.featurestore.dynamodb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A dynalite (npm {@code dynalite@4.0.0}) server for tests, on 127.0.0.1 only. Uses
 * {@code STILLWATER_DYNALITE_ENDPOINT} if set (a server .ci/run started); otherwise installs dynalite once into
 * {@code -Dstillwater.dynaliteDir} (default target/dynalite) with npm, starts it on a free port and stops it by
 * PID. Skips the test with a message only when node or npm is missing.
 */
public final class Dynalite implements AutoCloseable {

  static final String VERSION = "dynalite@4.0.0";

  private final Process process;
  private final URI endpoint;

  private Dynalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public URI endpoint() {
    return endpoint;
  }

  public static Dynalite start() throws Exception {
    String external = System.getenv("STILLWATER_DYNALITE_ENDPOINT");
    if (external != null && !external.isBlank()) {
      return new Dynalite(null, URI.create(external));
    }
    Path dir = Path.of(System.getProperty("stillwater.dynaliteDir", "target/dynalite")).toAbsolutePath();
    Path cli = dir.resolve("node_modules/dynalite/cli.js");
    Assumptions.assumeTrue(onPath("node"), "node is not installed: skipping the DynamoDB tests against dynalite");
    if (!Files.exists(cli)) {
      Assumptions.assumeTrue(onPath("npm"), "npm is not installed: skipping the DynamoDB tests against dynalite");
      Files.createDirectories(dir);
      Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
          "--loglevel=error", VERSION).redirectErrorStream(true).redirectOutput(dir.resolve("npm-install.log").toFile()).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(cli)) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm install " + VERSION + " failed: see " + dir.resolve("npm-install.log"));
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("dynalite-" + port + ".log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("dynalite exited with " + p.exitValue() + ": see " + dir.resolve("dynalite-" + port + ".log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new Dynalite(p, URI.create("http://127.0.0.1:" + port));
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("dynalite did not listen on 127.0.0.1:" + port + " within 20 s");
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
    if (process != null) {
      process.destroy(); // SIGTERM to this PID only
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
