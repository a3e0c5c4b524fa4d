package io.stillwater.stream;

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
 * A kinesalite (npm {@code kinesalite@3.3.3}) server for tests, on 127.0.0.1 only. Uses
 * {@code STILLWATER_KINESALITE_ENDPOINT} if set (a server .ci/run started); otherwise installs kinesalite once
 * into {@code -Dstillwater.kinesaliteDir} (default target/kinesalite) with npm, starts it on a free port and
 * stops it by PID. kinesalite has no host option, so a Node preload makes every {@code listen} bind
 * 127.0.0.1. Skips the test with a message only when node or npm is missing.
 */
public final class Kinesalite implements AutoCloseable {

  static final String VERSION = "kinesalite@3.3.3";
  private static final String PRELOAD = """
      // Bind every server kinesalite starts to loopback: its CLI has no host option.
      const net = require('net');
      const listen = net.Server.prototype.listen;
      net.Server.prototype.listen = function (...args) {
        if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
          args.splice(1, 0, '127.0.0.1');
        } else if (args[0] && typeof args[0] === 'object' && !args[0].path) {
          args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
        }
        return listen.apply(this, args);
      };
      """;

  private final Process process;
  private final URI endpoint;

  private Kinesalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public URI endpoint() {
    return endpoint;
  }

  public static Kinesalite start() throws Exception {
    String external = System.getenv("STILLWATER_KINESALITE_ENDPOINT");
    if (external != null && !external.isBlank()) {
      return new Kinesalite(null, URI.create(external));
    }
    Path dir = Path.of(System.getProperty("stillwater.kinesaliteDir", "target/kinesalite")).toAbsolutePath();
    Path cli = dir.resolve("node_modules/kinesalite/cli.js");
    Assumptions.assumeTrue(onPath("node"), "node is not installed: skipping the Kinesis tests against kinesalite");
    if (!Files.exists(cli)) {
      Assumptions.assumeTrue(onPath("npm"), "npm is not installed: skipping the Kinesis tests against kinesalite");
      Files.createDirectories(dir);
      Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
          "--loglevel=error", VERSION).redirectErrorStream(true).redirectOutput(dir.resolve("npm-install.log").toFile()).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(cli)) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm install " + VERSION + " failed: see " + dir.resolve("npm-install.log"));
      }
    }
    Path preload = dir.resolve("bind-loopback.js");
    Files.writeString(preload, PRELOAD);
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("kinesalite-" + port + ".log");
    Process p = new ProcessBuilder(List.of("node", "--require", preload.toString(), cli.toString(), "--port",
        Integer.toString(port), "--shardLimit", "1000", "--createStreamMs", "0", "--deleteStreamMs", "0",
        "--updateStreamMs", "0"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("kinesalite exited with " + p.exitValue() + ": see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new Kinesalite(p, URI.create("http://127.0.0.1:" + port));
      } catch (IOException e) {
        Thread.sleep(50); // polling for the port, with a deadline
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("kinesalite did not listen on 127.0.0.1:" + port + " within 20 s");
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

  /** Creates a stream and waits (deadline 20 s) until it is active. */
  public static void createStream(software.amazon.awssdk.services.kinesis.KinesisClient client, String name, int shards) {
    client.createStream(b -> b.streamName(name).shardCount(shards));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (client.describeStream(b -> b.streamName(name)).streamDescription().streamStatus()
        != software.amazon.awssdk.services.kinesis.model.StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + name + " not active within 20 s");
      }
      Thread.onSpinWait();
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
