package io.stillwater.featurestore.dynamodb;

import io.stillwater.stream.NpmServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A dynalite (npm {@code dynalite@4.0.0}) server for tests, on 127.0.0.1 only. Uses
 * {@code STILLWATER_DYNALITE_ENDPOINT} if set (a server .ci/run started); otherwise {@link NpmServer} installs
 * dynalite once into {@code -Dstillwater.dynaliteDir} (default target/dynalite), starts it on a free port and stops
 * it by PID. Skips the test with a message only when node or npm is missing.
 */
public final class Dynalite implements AutoCloseable {

  static final String VERSION = "dynalite@4.0.0";

  private final NpmServer server;
  private final URI endpoint;

  private Dynalite(NpmServer server, URI endpoint) {
    this.server = server;
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
    Path cli = NpmServer.install(VERSION, dir, "cli.js").resolve("cli.js");
    NpmServer server = NpmServer.start("dynalite", dir, port -> List.of("node", cli.toString(), "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
    return new Dynalite(server, server.endpoint());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close(); // SIGTERM to this PID only
    }
  }
}
