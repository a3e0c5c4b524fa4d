package io.stillwater.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.serving.predictions.PredictionLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> recommend(int port, String warmUpHeader) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/recommendations"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\"]}"));
    if (warmUpHeader != null) {
      b.header(WarmUp.HEADER, warmUpHeader);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  @Test
  void ready_says_warming_up_until_the_warm_up_is_done_and_no_warm_up_request_is_logged_or_counted(@TempDir Path lake)
      throws Exception {
    ServingFixture.Live f = ServingFixture.live();
    int port = freePort();
    PredictionLog log = new PredictionLog(lake.resolve("predictions"), 1_000, Duration.ofMillis(100), 10_000);
    try (TestServer s = new TestServer(f.workspace(), f.reader(), f.models(), CLOCK, Optional.empty(), log, false)) {
      CompletableFuture<WarmUp.Result> warm = CompletableFuture.supplyAsync(
          () -> s.server.startWarmedUp("127.0.0.1", port, Duration.ofSeconds(5)));
      // Once the server listens, read both health routes while it warms up.
      HttpResponse<String> ready = Awaitility.await("the server to listen").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> get(port, "/health/ready"), r -> true);
      assertThat(warm).isNotDone();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"status\":\"warming up\"");
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);

      WarmUp.Result r = warm.get(60, TimeUnit.SECONDS);
      assertThat(r.skipped()).isNull();
      assertThat(r.requests()).isPositive();
      assertThat(r.failed()).isZero();
      HttpResponse<String> after = get(port, "/health/ready");
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).contains("\"status\":\"ready\"");

      // A request with a guessed token is an ordinary one: logged and counted. The log keeps the order of its queue,
      // so once this request's rows are written, any warm-up request's would be too: exactly its own are there.
      assertThat(recommend(port, "guess").statusCode()).isEqualTo(200);
      Awaitility.await("the request's rows in the log").atMost(Duration.ofSeconds(30))
          .until(log::rowsWritten, n -> n > 0);
      assertThat(log.rowsWritten()).isEqualTo(RequestValidation.DEFAULT_LIMIT);
      assertThat(s.metrics.scrape())
          .containsPattern("stillwater_http_requests_seconds_count\\{[^}]*route=\"/v1/recommendations\"[^}]*\\} 1\n");
    }
  }

  @Test
  void with_nothing_live_the_warm_up_is_skipped_with_the_reason(@TempDir Path empty) throws Exception {
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(empty),
            EmbeddedSlots.opener(empty));
        ModelCache models = new ModelCache(empty.resolve("models"));
        TestServer s = new TestServer(empty, reader, models, CLOCK, Optional.empty(),
            new PredictionLog(empty.resolve("lake").resolve("predictions"), 1_000, Duration.ofMillis(100), 10_000),
            false)) {
      int port = freePort();
      assertThat(s.server.startWarmedUp("127.0.0.1", port, Duration.ofSeconds(1)))
          .isEqualTo(new WarmUp.Result(0, 0, Duration.ZERO, "nothing is live"));
      assertThat(get(port, "/health/ready").body()).contains("\"status\":\"not ready\"");
      assertThat(new WarmUp(s.live, "t").run(URI.create("http://127.0.0.1:" + port), Duration.ZERO).skipped())
          .isEqualTo("no warm-up asked for");
    }
  }
}
