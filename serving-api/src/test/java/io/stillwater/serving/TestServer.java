package io.stillwater.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.serving.admin.GenerationAdmin;
import io.stillwater.serving.admin.UserFeatureInspector;
import io.stillwater.serving.http.ApiServer;
import io.stillwater.serving.ingest.EventIngest;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.serving.metrics.ServingMetrics;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.recommend.RecommendationService;
import io.stillwater.stream.EmbeddedEventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The whole server as {@code serve} wires it, over a workspace (its embedded registry, the embedded event log
 * and the prediction log under it), on a random port; and a small HTTP client for it.
 */
public final class TestServer implements AutoCloseable {

  public static final String ADMIN_TOKEN = "test-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public record Reply(int status, String contentType, String text) {
    public JsonNode body() {
      try {
        return JSON.readTree(text);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }
  }

  public final ApiServer server;
  public final LiveServing live;
  public final PredictionLog predictionLog;
  public final EmbeddedEventLog events;
  public final ServingMetrics metrics;

  /** A server over {@code workspace}'s live generation, with models from {@code models}. */
  public TestServer(Path workspace, LiveFeatureReader reader, ModelCache models, Clock clock, Optional<String> adminToken) {
    this(workspace, reader, models, clock, adminToken,
        new PredictionLog(workspace.resolve("lake").resolve("predictions"), 1_000, Duration.ofMillis(200), 10_000));
  }

  /** As above, logging predictions to {@code predictionLog} (closed with the server). */
  public TestServer(Path workspace, LiveFeatureReader reader, ModelCache models, Clock clock, Optional<String> adminToken,
      PredictionLog predictionLog) {
    this(workspace, reader, models, clock, adminToken, predictionLog, true);
  }

  /** As above; with {@code start} false the server is built but not started (the test starts it). */
  public TestServer(Path workspace, LiveFeatureReader reader, ModelCache models, Clock clock, Optional<String> adminToken,
      PredictionLog predictionLog, boolean start) {
    live = new LiveServing(reader, models, Duration.ofMillis(20));
    this.predictionLog = predictionLog;
    events = EmbeddedEventLog.inWorkspace(workspace);
    metrics = new ServingMetrics(live);
    metrics.predictionLog(predictionLog::rowsWritten, predictionLog::responsesDropped, predictionLog::queued);
    metrics.predictionUploads(predictionLog.upload()::filesUploaded, predictionLog.upload()::uploadFailures,
        predictionLog.upload()::filesWaiting);
    EventValidator validator = new EventValidator(ServingFixture.catalog().items().stream().map(ContentItem::contentId)
        .collect(Collectors.toSet()), clock);
    server = new ApiServer(new ApiServer.Services(
        new RecommendationService(ServingFixture.catalog(), ServingFixture.search(), live),
        new UserFeatureInspector(ServingFixture.catalog(), ServingFixture.search(), live),
        new GenerationAdmin(FileGenerationRegistry.inWorkspace(workspace)),
        new EventIngest(validator, events), live, predictionLog, metrics, Optional.of(workspace.resolve("stream"))),
        adminToken, clock);
    if (start) {
      server.start("127.0.0.1", 0);
    }
  }

  /** Over the shared fixture's workspace, reader and models, with the admin token. */
  public static TestServer overFixture(Clock clock) {
    ServingFixture.Live f = ServingFixture.live();
    return new TestServer(f.workspace(), f.reader(), f.models(), clock, Optional.of(ADMIN_TOKEN));
  }

  public Reply call(String method, String path, String contentType, String body, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /** Waits (up to {@code timeout}) until the server serves {@code generation}. */
  public void awaitServing(int generation, Duration timeout) {
    Awaitility.await("generation " + generation + " served").atMost(timeout).pollInterval(Duration.ofMillis(10))
        .until(() -> live.current().map(c -> c.generation().number()).orElse(0) == generation);
  }

  public Reply get(String path) throws Exception {
    return call("GET", path, null, null, null);
  }

  public Reply admin(String method, String path) throws Exception {
    return call(method, path, method.equals("POST") ? "application/json" : null, null, ADMIN_TOKEN);
  }

  public Reply post(String path, String json) throws Exception {
    return call("POST", path, "application/json", json, null);
  }

  public Reply recommend(String json) throws Exception {
    return post("/v1/recommendations", json);
  }

  @Override
  public void close() {
    server.close();
    predictionLog.close();
    live.close();
    events.close();
  }
}
