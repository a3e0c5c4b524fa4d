package io.stillwater.trainer.s3;

import io.stillwater.stream.NpmServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An s3rver (npm {@code s3rver@3.7.1}), a real S3-compatible server, for tests: on 127.0.0.1, data in a fresh
 * folder, installed once into {@code -Dstillwater.s3rverDir} (default target/s3rver) and run by {@link NpmServer}.
 * It accepts only its own key pair (S3RVER/S3RVER), which the modules' surefire settings give the SDK's default
 * credential chain as system properties. {@link #stop} and {@link #restart} (same port, same data) make outages.
 */
public final class S3rver implements AutoCloseable {

  static final String VERSION = "s3rver@3.7.1";

  private final NpmServer server;
  private final S3Client client;

  private S3rver(NpmServer server) {
    this.server = server;
    this.client = settings(server.endpoint()).client();
  }

  /** A running server with {@code bucket} created. */
  public static S3rver startWithBucket(String bucket) throws Exception {
    S3rver s = start();
    s.client().createBucket(b -> b.bucket(bucket));
    return s;
  }

  public static S3rver start() throws Exception {
    Path dir = Path.of(System.getProperty("stillwater.s3rverDir", "target/s3rver")).toAbsolutePath();
    Path cli = NpmServer.install(VERSION, dir, "bin/s3rver.js").resolve("bin/s3rver.js");
    Path data = Files.createTempDirectory(Files.createDirectories(dir), "data-");
    return new S3rver(NpmServer.start("s3rver", dir, port -> List.of("node", cli.toString(), "--directory",
        data.toString(), "--address", "127.0.0.1", "--port", Integer.toString(port), "--silent")));
  }

  public URI endpoint() {
    return server.endpoint();
  }

  /** Settings for the code under test: this endpoint (path-style), region us-east-1. */
  public S3Settings settings() {
    return settings(endpoint());
  }

  private static S3Settings settings(URI endpoint) {
    return new S3Settings(Optional.of(endpoint), "us-east-1");
  }

  /** The test's own client for setup and checks (closed with the server). */
  public S3Client client() {
    return client;
  }

  /** A client to hand to the code under test, which closes it. */
  public S3Client newClient() {
    return settings().client();
  }

  public void stop() {
    server.stop();
  }

  public void restart() throws Exception {
    server.restart();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
