package io.stillwater.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.contract.catalog.Category;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin routes over HTTP: bearer token, user features, generations, promote and rollback by slot. */
class AdminRoutesTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);

  @Test
  void admin_routes_need_the_token_and_are_disabled_without_one() throws Exception {
    try (TestServer s = TestServer.overFixture(CLOCK)) {
      String path = "/v1/users/" + ServingFixture.KNOWN_USER + "/features";
      TestServer.Reply none = s.call("GET", path, null, null, null);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.body().get("error").asText()).contains("Bearer");
      assertThat(s.call("GET", path, null, null, "wrong-token").status()).isEqualTo(401);
      assertThat(s.call("GET", "/v1/generations", null, null, "wrong-token").status()).isEqualTo(401);
      assertThat(s.call("POST", "/v1/generations/green/promote", "application/json", null, null).status()).isEqualTo(401);
      assertThat(s.admin("GET", path).status()).isEqualTo(200);
    }
    ServingFixture.Live f = ServingFixture.live();
    try (TestServer open = new TestServer(f.workspace(), f.reader(), f.models(), CLOCK, Optional.empty())) {
      TestServer.Reply r = open.admin("GET", "/v1/generations");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body().get("error").asText()).contains("STILLWATER_ADMIN_TOKEN");
    }
  }

  @Test
  void user_features_are_the_live_generations_values_at_request_time() throws Exception {
    try (TestServer s = TestServer.overFixture(CLOCK)) {
      TestServer.Reply r = s.admin("GET", "/v1/users/" + ServingFixture.SEARCHER + "/features");
      assertThat(r.status()).isEqualTo(200);
      JsonNode b = r.body();
      assertThat(b.get("user_id").asText()).isEqualTo(ServingFixture.SEARCHER);
      assertThat(b.get("generation").asInt()).isEqualTo(ServingFixture.live().generation().number());
      assertThat(b.get("slot").asText()).isEqualTo("blue");
      assertThat(b.get("as_of").asText()).isEqualTo(ServingFixture.NOW.toString());
      JsonNode features = b.get("features");
      // Three completed focus sessions of 900 s, three days before NOW; a search two minutes before NOW.
      assertThat(features.get("sessions_7d_focus").asDouble()).isEqualTo(3.0);
      assertThat(features.get("sessions_7d_sleep").asDouble()).isEqualTo(0.0);
      assertThat(features.get("minutes_7d_focus").asDouble()).isEqualTo(45.0);
      assertThat(features.get("completion_rate_30d").asDouble()).isEqualTo((3 + 1) / (3 + 2.0));
      assertThat(features.get("secs_since_search").asDouble()).isEqualTo(120.0);
      assertThat(features.has("search_embedding")).as("vectors are left out").isFalse();

      assertThat(s.admin("GET", "/v1/users/u_nobody/features").status()).isEqualTo(404);
      TestServer.Reply bad = s.admin("GET", "/v1/users/" + "u%20x/features");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body().get("field").asText()).isEqualTo("user_id");
    }
  }

  @Test
  void promote_and_rollback_by_slot_flip_the_live_generation(@TempDir Path ws) throws Exception {
    String modelId = ServingFixture.registerFixtureModelIn(ws);
    Generation blue = ServingFixture.loadLiveGeneration(ws, modelId);
    Generation green = ServingFixture.loadGeneration(ws, Slot.GREEN, modelId, Category.SLEEP);
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(ws.resolve("models"));
        TestServer s = new TestServer(ws, reader, models, CLOCK, Optional.of(TestServer.ADMIN_TOKEN))) {
      JsonNode list = s.admin("GET", "/v1/generations").body();
      assertThat(list.get("live").asInt()).isEqualTo(blue.number());
      assertThat(list.get("slots").get("green").get("generation").asInt()).isEqualTo(green.number());
      assertThat(list.get("slots").get("green").get("state").asText()).isEqualTo("ready");
      assertThat(list.get("slots").get("blue").get("model_id").asText()).isEqualTo(modelId);
      assertThat(list.get("generations")).hasSize(2);

      TestServer.Reply stale = s.call("POST", "/v1/generations/green/promote", "application/json",
          "{\"expected_live\": 99}", TestServer.ADMIN_TOKEN);
      assertThat(stale.status()).isEqualTo(409);
      assertThat(stale.body().get("error").asText()).contains("live generation moved");

      TestServer.Reply promoted = s.admin("POST", "/v1/generations/green/promote");
      assertThat(promoted.status()).isEqualTo(200);
      assertThat(promoted.body().get("live").asInt()).isEqualTo(green.number());
      assertThat(promoted.body().get("previous_live").asInt()).isEqualTo(blue.number());
      s.awaitServing(green.number(), Duration.ofSeconds(10));
      assertThat(s.recommend("{\"user_id\":\"u_known\",\"flags\":[\"sleep\"]}").body().get("slot").asText())
          .isEqualTo("green");

      assertThat(s.admin("POST", "/v1/generations/green/rollback").status()).isEqualTo(409);
      TestServer.Reply back = s.admin("POST", "/v1/generations/blue/rollback");
      assertThat(back.status()).isEqualTo(200);
      assertThat(back.body().get("live").asInt()).isEqualTo(blue.number());
      s.awaitServing(blue.number(), Duration.ofSeconds(10));

      TestServer.Reply badSlot = s.admin("POST", "/v1/generations/purple/promote");
      assertThat(badSlot.status()).isEqualTo(400);
      assertThat(badSlot.body().get("field").asText()).isEqualTo("slot");
      TestServer.Reply badBody = s.call("POST", "/v1/generations/green/promote", "application/json",
          "{\"expected_live\": \"one\"}", TestServer.ADMIN_TOKEN);
      assertThat(badBody.status()).isEqualTo(400);
      assertThat(badBody.body().get("field").asText()).isEqualTo("expected_live");
    }
  }
}
