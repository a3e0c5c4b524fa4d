package io.stillwater.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real server on a random port, called over HTTP: recommendations, health, validation, fallbacks. */
class ApiServerTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.overFixture(CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthRoutes() throws Exception {
    TestServer.Reply live = server.call("GET", "/health/live", null, null, null);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.body().get("status").asText()).isEqualTo("live");
    TestServer.Reply ready = server.call("GET", "/health/ready", null, null, null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().get("generation").asInt()).isEqualTo(ServingFixture.live().generation().number());
    assertThat(ready.body().get("model_id").asText()).isEqualTo(ServingFixture.live().modelId());
  }

  @Test
  void the_status_page_shows_the_live_generation_its_model_and_metrics() throws Exception {
    server.recommend("{\"user_id\":\"u_nobody\",\"flags\":[\"sleep\"]}");
    TestServer.Reply page = server.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("live generation").contains(ServingFixture.live().generation().number() + " (blue)")
        .contains(ServingFixture.live().modelId()).contains("requests/s").contains("no stream status for blue");
  }

  @Test
  void recommendationsForAKnownUser() throws Exception {
    TestServer.Reply r = server.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\",\"focus\",\"for_you\"],"
        + "\"limit\":4,\"context\":{\"tz_offset_minutes\":60,\"surface\":\"home\"}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode b = r.body();
    assertThat(b.get("fallback").asBoolean()).isFalse();
    assertThat(b.get("fallback_reason").isNull()).isTrue();
    assertThat(b.get("generation").asInt()).isEqualTo(ServingFixture.live().generation().number());
    assertThat(b.get("slot").asText()).isEqualTo("blue");
    assertThat(b.get("model_id").asText()).isEqualTo(ServingFixture.live().modelId());
    assertThat(b.get("request_id").asText()).isNotBlank();
    assertThat(b.get("recommendations").fieldNames()).toIterable().containsExactly("sleep", "focus", "for_you");
    for (JsonNode list : b.get("recommendations")) {
      assertThat(list).hasSize(4);
      for (JsonNode item : list) {
        assertThat(item.get("content_id").asText()).isNotBlank();
        assertThat(item.get("title").asText()).isNotBlank();
        assertThat(item.get("score").isNumber()).isTrue();
      }
    }
  }

  @Test
  void anUnknownUserGetsPopularityWithTheReason() throws Exception {
    TestServer.Reply r = server.recommend("{\"user_id\":\"u_nobody\",\"flags\":[\"stress_relief\"]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("fallback").asBoolean()).isTrue();
    assertThat(r.body().get("fallback_reason").asText()).isEqualTo("unknown user");
    assertThat(r.body().get("recommendations").get("stress_relief")).hasSize(RequestValidation.DEFAULT_LIMIT);
  }

  @Test
  void aMissingModelFallsBackAndIsNotReady(@TempDir Path emptyModels) throws Exception {
    try (ModelCache none = new ModelCache(emptyModels);
        TestServer s = new TestServer(ServingFixture.live().workspace(), ServingFixture.live().reader(), none, CLOCK,
            Optional.empty())) {
      assertThat(s.call("GET", "/health/ready", null, null, null).status()).isEqualTo(503);
      TestServer.Reply r = s.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"movement\"],\"limit\":2}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("fallback").asBoolean()).isTrue();
      assertThat(r.body().get("fallback_reason").asText()).contains("missing");
      assertThat(r.body().get("recommendations").get("movement")).hasSize(2);
    }
  }

  @Test
  void nothingLiveIs503NotA500(@TempDir Path emptyWorkspace) throws Exception {
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(emptyWorkspace),
            EmbeddedSlots.opener(emptyWorkspace));
        ModelCache models = new ModelCache(emptyWorkspace.resolve("models"));
        TestServer s = new TestServer(emptyWorkspace, reader, models, CLOCK, Optional.empty())) {
      assertThat(s.call("GET", "/health/ready", null, null, null).status()).isEqualTo(503);
      assertThat(s.call("GET", "/health/live", null, null, null).status()).isEqualTo(200);
      TestServer.Reply r = s.recommend("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"]}");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body().get("error").asText()).isEqualTo("no live generation");
    }
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":null,\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":42,\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":\"\",\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":\"u 1\",\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":\"" + "u".repeat(129) + "\",\"flags\":[\"sleep\"]}", "user_id"),
        Arguments.of("{\"user_id\":\"u_1\"}", "flags"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[]}", "flags"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":\"sleep\"}", "flags"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\",\"naps\"]}", "flags[1]"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[7]}", "flags[0]"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\",\"sleep\"]}", "flags[1]"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":0}", "limit"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":101}", "limit"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":2.5}", "limit"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":\"10\"}", "limit"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":99999999999}", "limit"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"extra\":1}", "extra"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"context\":[]}", "context"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"context\":{\"tz_offset_minutes\":9999}}",
            "context.tz_offset_minutes"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"context\":{\"surface\":3}}", "context.surface"),
        Arguments.of("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"context\":{\"color\":\"red\"}}", "context.color"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void aBadFieldIsA400NamingIt(String body, String field) throws Exception {
    TestServer.Reply r = server.recommend(body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("field").asText()).isEqualTo(field);
    assertThat(r.body().get("error").asText()).isNotBlank();
    assertThat(r.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aBadBodyIsA400WithoutAStackTrace() throws Exception {
    for (String body : new String[] {"not json", "{\"user_id\":\"u_1\",", "[1,2]", "{} {}",
        "{\"user_id\":\"u_1\",\"user_id\":\"u_2\",\"flags\":[\"sleep\"]}", ""}) {
      TestServer.Reply r = server.recommend(body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().has("error")).isTrue();
      assertThat(r.body().has("field")).isFalse();
      assertThat(r.body().toString()).doesNotContain("Exception");
    }
  }

  @Test
  void wrongContentTypeTooLargeAndUnknownRoutes() throws Exception {
    assertThat(server.call("POST", "/v1/recommendations", "text/plain", "{}", null).status()).isEqualTo(415);
    TestServer.Reply big = server.recommend("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"context\":{\"surface\":\""
        + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\"}}");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body().get("error").asText()).contains("larger");
    TestServer.Reply missing = server.call("GET", "/v1/nope", null, null, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("error").asText()).isEqualTo("not found");
  }

  @Test
  void a_body_sent_without_a_declared_length_is_read_and_limited_the_same() throws Exception {
    // Chunked (no Content-Length): the path through Javalin's own reader, with its size limit.
    Function<String, HttpResponse<String>> chunked = body -> {
      try {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server.port() + "/v1/recommendations"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
            .build(), HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    HttpResponse<String> ok = chunked.apply("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],\"limit\":3}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(ok.body()).at("/recommendations/sleep").size())
        .isEqualTo(3);
    HttpResponse<String> big = chunked.apply("{\"user_id\":\"u_1\",\"flags\":[\"sleep\"],"
        + "\"context\":{\"surface\":\"" + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\"}}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("larger");
  }
}
