package io.stillwater.serving.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Responses end up in the Parquet prediction log (one row per item) and in the Prometheus metrics. */
class PredictionLogAndMetricsTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void every_returned_item_is_a_row_and_every_response_a_features_row_in_date_partitioned_parquet_and_requests_are_counted(@TempDir Path ws) throws Exception {
    String modelId = ServingFixture.registerFixtureModelIn(ws);
    Generation g = ServingFixture.loadLiveGeneration(ws, modelId);
    List<JsonNode> responses = new ArrayList<>();
    String metrics;
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(ws.resolve("models"));
        TestServer s = new TestServer(ws, reader, models, CLOCK, Optional.empty())) {
      responses.add(s.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\",\"focus\"],"
          + "\"limit\":3,\"context\":{\"tz_offset_minutes\":-300,\"surface\":\"home\"}}").body());
      responses.add(s.recommend("{\"user_id\":\"u_nobody\",\"flags\":[\"movement\"],\"limit\":2}").body());
      assertThat(s.recommend("{\"user_id\":\"bad id\",\"flags\":[\"sleep\"]}").status()).isEqualTo(400);
      metrics = s.get("/metrics").text();
    } // closing the server writes what the log still holds

    assertThat(metrics)
        .contains("stillwater_http_requests_seconds_count{method=\"POST\",route=\"/v1/recommendations\",status=\"200\"} 2")
        .contains("stillwater_http_requests_seconds_count{method=\"POST\",route=\"/v1/recommendations\",status=\"400\"} 1")
        .contains("stillwater_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/recommendations\",status=\"200\",le=")
        .contains("stillwater_fallbacks_total{reason=\"unknown user\"} 1.0")
        .contains("stillwater_live_generation " + (double) g.number())
        .contains("stillwater_model_loaded 1.0");
    // Sleep and focus: every item of both categories was scored once.
    long candidates = ServingFixture.catalog().items().stream()
        .filter(i -> i.category().wireName().equals("sleep") || i.category().wireName().equals("focus")).count();
    assertThat(metrics).contains("stillwater_scored_candidates_total " + (double) candidates);

    Path predictions = ws.resolve("lake").resolve("predictions");
    try (Stream<Path> dirs = Files.list(predictions)) {
      assertThat(dirs.map(p -> p.getFileName().toString())).containsExactly("date=2026-11-20");
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      String view = "read_parquet('" + predictions + "/*/*.parquet', hive_partitioning = true)";
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + view)) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(types).containsExactly(
          Map.entry("request_id", "VARCHAR"), Map.entry("served_at", "TIMESTAMP WITH TIME ZONE"),
          Map.entry("user_id", "VARCHAR"), Map.entry("surface", "VARCHAR"), Map.entry("tz_offset_minutes", "INTEGER"),
          Map.entry("flag", "VARCHAR"), Map.entry("rank", "INTEGER"), Map.entry("content_id", "VARCHAR"),
          Map.entry("score", "DOUBLE"), Map.entry("probability", "DOUBLE"), Map.entry("generation", "INTEGER"),
          Map.entry("slot", "VARCHAR"), Map.entry("model_id", "VARCHAR"), Map.entry("fallback", "BOOLEAN"),
          Map.entry("fallback_reason", "VARCHAR"), Map.entry("date", "DATE"));

      List<String> expected = new ArrayList<>();
      for (JsonNode r : responses) {
        r.get("recommendations").fields().forEachRemaining(list -> {
          int rank = 0;
          for (JsonNode item : list.getValue()) {
            expected.add(String.join("|", r.get("request_id").asText(), r.get("user_id").asText(), list.getKey(),
                Integer.toString(++rank), item.get("content_id").asText(), Double.toString(item.get("score").asDouble()),
                r.get("generation").asText(), r.get("model_id").asText(), r.get("fallback").asText()));
          }
        });
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT request_id, user_id, flag, rank, content_id, score, generation, model_id, "
          + "fallback FROM " + view + " ORDER BY request_id = '" + responses.get(0).get("request_id").asText()
          + "' DESC, flag DESC, rank")) {
        while (rs.next()) {
          rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), Integer.toString(rs.getInt(4)),
              rs.getString(5), Double.toString(rs.getDouble(6)), Integer.toString(rs.getInt(7)), rs.getString(8),
              Boolean.toString(rs.getBoolean(9))));
        }
      }
      assertThat(rows).containsExactlyInAnyOrderElementsOf(expected).hasSize(3 + 3 + 2);

      try (ResultSet rs = st.executeQuery("SELECT served_at = TIMESTAMPTZ '2026-11-20 12:00:00+00', surface, "
          + "tz_offset_minutes, probability, fallback_reason FROM " + view + " WHERE user_id = '"
          + ServingFixture.KNOWN_USER + "' LIMIT 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getString(2)).isEqualTo("home");
        assertThat(rs.getInt(3)).isEqualTo(-300);
        assertThat(rs.getDouble(4)).isBetween(0.0, 1.0);
        assertThat(rs.getString(5)).isNull();
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE probability IS NULL), any_value(fallback_reason), "
          + "count(*) FILTER (WHERE surface IS NULL) FROM " + view + " WHERE user_id = 'u_nobody'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getString(2)).isEqualTo("unknown user");
        assertThat(rs.getInt(3)).isEqualTo(2);
      }

      // The features each response used: one row per response, joined to its items by request_id.
      String features = "read_parquet('" + ws.resolve("lake").resolve(PredictionLog.FEATURES_FOLDER)
          + "/*/*.parquet', hive_partitioning = true)";
      Map<String, String> featureTypes = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + features)) {
        while (rs.next()) {
          featureTypes.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(featureTypes).containsExactly(
          Map.entry("request_id", "VARCHAR"), Map.entry("served_at", "TIMESTAMP WITH TIME ZONE"),
          Map.entry("user_id", "VARCHAR"), Map.entry("generation", "INTEGER"), Map.entry("model_id", "VARCHAR"),
          Map.entry("features", "VARCHAR"), Map.entry("date", "DATE"));
      Map<String, String> featuresByRequest = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT request_id, features FROM " + features + " ORDER BY request_id")) {
        while (rs.next()) {
          featuresByRequest.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(featuresByRequest).containsOnlyKeys(responses.get(0).get("request_id").asText(),
          responses.get(1).get("request_id").asText());
      assertThat(JSON.readTree(featuresByRequest.get(responses.get(0).get("request_id").asText()))
          .get("sessions_7d_focus").asDouble()).isEqualTo(3.0);
      assertThat(featuresByRequest.get(responses.get(1).get("request_id").asText())).isNull(); // unknown user
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + view + " p JOIN " + features
          + " f USING (request_id) WHERE f.features::JSON ->> 'sessions_7d_focus' = '3'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3 + 3);
      }
    }
  }
}
