package io.stillwater.stream;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kinesalite (npm {@code kinesalite@3.3.3}) server for tests, on 127.0.0.1 only. Uses
 * {@code STILLWATER_KINESALITE_ENDPOINT} if set (a server .ci/run started); otherwise {@link NpmServer} installs
 * kinesalite once into {@code -Dstillwater.kinesaliteDir} (default target/kinesalite), starts it on a free port
 * and stops it by PID. kinesalite has no host option, so a Node preload makes every {@code listen} bind
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

  private final NpmServer server;
  private final URI endpoint;

  private Kinesalite(NpmServer server, URI endpoint) {
    this.server = server;
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
    Path cli = NpmServer.install(VERSION, dir, "cli.js").resolve("cli.js");
    Path preload = dir.resolve("bind-loopback.js");
    Files.writeString(preload, PRELOAD);
    NpmServer server = NpmServer.start("kinesalite", dir, port -> List.of("node", "--require", preload.toString(),
        cli.toString(), "--port", Integer.toString(port), "--shardLimit", "1000", "--createStreamMs", "0",
        "--deleteStreamMs", "0", "--updateStreamMs", "0"));
    return new Kinesalite(server, server.endpoint());
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
    if (server != null) {
      server.close(); // SIGTERM to this PID only
    }
  }
}
