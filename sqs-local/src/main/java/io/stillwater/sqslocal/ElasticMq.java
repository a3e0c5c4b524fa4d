package io.stillwater.sqslocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts ElasticMQ ({@link ElasticMqServer}) as a child process on 127.0.0.1 and stops it by its PID. Plain Java
 * with no Scala or AWS SDK types: a consumer depends on {@code stillwater-sqs-local} in test scope excluding all
 * its dependencies, and the server runs from the classpath this module recorded at build time. Use the AWS SDK
 * against {@link #endpoint()} (region us-east-1, any static credentials).
 */
public final class ElasticMq implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Pattern QUEUE_URL = Pattern.compile("\"QueueUrl\"\\s*:\\s*\"([^\"]+)\"");

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ElasticMq(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A server on a free port. */
  public static ElasticMq start() throws IOException, InterruptedException {
    return start(freePort());
  }

  /** A server on {@code port} (e.g. the port of one stopped before, to bring a queue endpoint back). */
  public static ElasticMq start(int port) throws IOException, InterruptedException {
    String dir = System.getProperty("stillwater.elasticmqDir");
    Path log;
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      log = Path.of(dir, "elasticmq-" + port + "-" + System.nanoTime() + ".log");
    } else {
      log = Files.createTempFile("elasticmq-" + port + "-", ".log");
      log.toFile().deleteOnExit();
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", serverClasspath(),
        ElasticMqServer.class.getName(), "--port", Integer.toString(port), "--exit-with-parent"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Stdout is drained into the log on a daemon thread; the readiness line is noticed on the way.
    var ready = new java.util.concurrent.CountDownLatch(1);
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          out.write(line);
          out.newLine();
          out.flush();
          if (line.startsWith(ElasticMqServer.READY)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "elasticmq-" + port + "-output");
    drain.setDaemon(true);
    drain.start();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!p.isAlive()) {
        drain.join(2_000);
        throw new IllegalStateException("ElasticMQ exited with " + p.exitValue() + ": " + tail(log));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("ElasticMQ did not listen on 127.0.0.1:" + port + " within "
            + START_DEADLINE.toSeconds() + " s: " + tail(log));
      }
    }
    return new ElasticMq(p, port, log);
  }

  /** {@code http://127.0.0.1:PORT}: the SDK's endpointOverride. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Creates (or returns the existing) queue {@code name}; returns its URL. */
  public String createQueue(String name) throws IOException, InterruptedException {
    return createQueue(name, Map.of());
  }

  /**
   * Creates queue {@code name} with SQS attributes (e.g. {@code RedrivePolicy},
   * {@code VisibilityTimeout}, {@code FifoQueue}); returns its URL.
   */
  public String createQueue(String name, Map<String, String> attributes) throws IOException, InterruptedException {
    String attrs = attributes.entrySet().stream()
        .map(e -> json(e.getKey()) + ":" + json(e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
    String body = call("CreateQueue", "{\"QueueName\":" + json(name) + ",\"Attributes\":" + attrs + "}");
    Matcher m = QUEUE_URL.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("CreateQueue " + name + " answered without a QueueUrl: " + body);
    }
    return m.group(1);
  }

  /** The ARN ElasticMQ gives queue {@code name} (for a redrive policy's deadLetterTargetArn). */
  public static String arn(String name) {
    return "arn:aws:sqs:us-east-1:000000000000:" + name;
  }

  private String call(String action, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "AmazonSQS." + action)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(action + " failed with HTTP " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Stops the server (SIGTERM to its PID, then SIGKILL after 10 s); its queues are gone. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** This module's classes (directory or jar) followed by the runtime classpath recorded at build time. */
  static String serverClasspath() throws IOException {
    String recorded;
    try (InputStream in = ElasticMq.class.getResourceAsStream("server-classpath.txt")) {
      if (in == null) {
        throw new IllegalStateException("server-classpath.txt is missing from stillwater-sqs-local: build the module with Maven");
      }
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    try {
      String self = Path.of(ElasticMq.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      return self + java.io.File.pathSeparator + recorded;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate stillwater-sqs-local's own classes", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
