package io.stillwater.cli.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.event.UnknownEvent;
import io.stillwater.contract.event.Validation;
import io.stillwater.contract.event.Violation;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A workspace with a lake built from a simulated history, for the query tests (the cli module has no Beam): the
 * simulator's lines are validated with the contract's {@link EventValidator} and de-duplicated as the backfill
 * does, then written as Hive-partitioned Parquet with DuckDB in the documented shapes (docs/analytics.md) —
 * events, dead letters, training examples (the label columns; feature columns are the backfill's business),
 * a prediction log for the simulated impressions, and a generation registry. The parsed events and dead letters
 * stay in memory so tests can compute expected answers in Java, independently of SQL.
 */
public final class SimulatedLake {

  public static final LocalDate END = LocalDate.of(2026, 11, 28);
  public static final Instant UNTIL = END.atStartOfDay().toInstant(ZoneOffset.UTC);
  /** Generation 1 served until this instant, generation 2 after it. */
  public static final Instant FLIP = END.minusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC);

  /** A dead letter as the test expects it: the line, its violations, and the day it arrived. */
  public record DeadLetter(String raw, List<Violation> violations, LocalDate receivedDate) {}

  /** An ended session: what a training example's label columns hold. */
  public record Session(String userId, String contentId, String sessionId, Instant start, Instant end,
      boolean completed, double positionS, ContentItem item) {
    public boolean bounced() {
      return !completed && positionS < 120;
    }
  }

  public final Path workspace;
  public final Path lake;
  public final Catalog catalog = CatalogLoader.loadDefault();
  public final List<Event> events = new ArrayList<>();
  public final List<DeadLetter> deadLetters = new ArrayList<>();
  public final List<Session> sessions = new ArrayList<>();

  private SimulatedLake(Path workspace) {
    this.workspace = workspace;
    this.lake = workspace.resolve("lake");
  }

  public static SimulatedLake build(Path workspace, int users, int days, long seed) throws Exception {
    SimulatedLake l = new SimulatedLake(workspace);
    l.simulate(users, days, seed);
    Files.createDirectories(l.lake);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      l.writeEvents(s);
      l.writeDeadLetters(s);
      l.writeTraining(s);
      writePredictions(s, l.lake, "m-one", "m-two");
    }
    l.writeRegistry();
    return l;
  }

  private void simulate(int users, int days, long seed) throws IOException {
    Path in = workspace.resolve("events");
    new HistoryWriter(new Simulator(catalog, new SimulationConfig(users, days, seed, END, 0.03)), in)
        .write((date, lines, done, total) -> {});
    Map<String, Event> byId = new HashMap<>();
    Map<String, String> jsonById = new HashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(in)) {
      files = walk.filter(p -> p.getFileName().toString().equals(HistoryWriter.FILE_NAME)).sorted().toList();
    }
    for (Path file : files) {
      LocalDate arrived = LocalDate.parse(file.getParent().getFileName().toString().substring("date=".length()));
      // The receiver's clock: the end of the day the line arrived (as a streaming receiver would stamp it).
      Instant receivedAt = arrived.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
      EventValidator validator = new EventValidator(catalog.contentIds(), Clock.fixed(receivedAt, ZoneOffset.UTC));
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          Validation v = validator.validate(line);
          if (v instanceof Validation.Accepted a) {
            Event e = a.event();
            Event kept = byId.get(e.eventId());
            if (kept == null || e.ts().isBefore(kept.ts())
                || (e.ts().equals(kept.ts()) && line.compareTo(jsonById.get(e.eventId())) < 0)) {
              byId.put(e.eventId(), e);
              jsonById.put(e.eventId(), line);
            }
          } else {
            deadLetters.add(new DeadLetter(line, ((Validation.Rejected) v).violations(), arrived));
          }
        }
      }
    }
    byId.values().stream().filter(e -> e.ts().isBefore(UNTIL))
        .sorted(Comparator.comparing(Event::ts).thenComparing(Event::eventId)).forEach(events::add);
    Map<String, ContentStart> starts = new HashMap<>();
    for (Event e : events) {
      if (e instanceof ContentStart s) {
        starts.putIfAbsent(s.sessionId(), s);
      }
    }
    for (Event e : events) {
      if (e instanceof ContentEnd end && starts.containsKey(end.sessionId())) {
        ContentStart start = starts.get(end.sessionId());
        sessions.add(new Session(end.userId(), end.contentId(), end.sessionId(), start.ts(), end.ts(), end.completed(),
            end.positionS(), catalog.find(end.contentId()).orElseThrow()));
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private void writeEvents(Statement s) throws IOException, SQLException {
    Path rows = workspace.resolve("events.rows.jsonl");
    try (Writer w = Files.newBufferedWriter(rows)) {
      for (Event e : events) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", e.eventId()).put("user_id", e.userId()).put("type", e.type()).put("ts", e.ts().toString());
        if (e instanceof ContentStart x) {
          o.put("content_id", x.contentId()).put("session_id", x.sessionId());
        } else if (e instanceof ContentProgress x) {
          o.put("content_id", x.contentId()).put("session_id", x.sessionId()).put("position_s", x.positionS());
        } else if (e instanceof ContentEnd x) {
          o.put("content_id", x.contentId()).put("session_id", x.sessionId()).put("position_s", x.positionS())
              .put("completed", x.completed());
        } else if (e instanceof Search x) {
          o.put("query", x.query());
        } else if (e instanceof Biometric x) {
          o.put("steps", x.steps()).put("heart_rate_bpm", x.heartRateBpm()).put("source", x.source());
        } else if (e instanceof RecommendationImpression x) {
          o.put("request_id", x.requestId()).put("slot", x.slot());
          x.contentIds().forEach(o.putArray("content_ids")::add);
        } else if (e instanceof UnknownEvent x) {
          o.put("raw_json", x.rawJson());
        }
        o.put("date", e.ts().atZone(ZoneOffset.UTC).toLocalDate().toString());
        w.write(o.toString());
        w.write('\n');
      }
    }
    s.execute("COPY (SELECT * FROM read_json(" + LakeSql.literal(rows.toString()) + ", format = 'newline_delimited', columns = {"
        + "event_id: 'VARCHAR', user_id: 'VARCHAR', type: 'VARCHAR', ts: 'TIMESTAMPTZ', content_id: 'VARCHAR', "
        + "session_id: 'VARCHAR', position_s: 'DOUBLE', completed: 'BOOLEAN', query: 'VARCHAR', steps: 'BIGINT', "
        + "heart_rate_bpm: 'DOUBLE', source: 'VARCHAR', request_id: 'VARCHAR', slot: 'VARCHAR', content_ids: 'VARCHAR[]', "
        + "raw_json: 'VARCHAR', date: 'DATE'})) TO " + LakeSql.literal(lake.resolve("events").toString())
        + " (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
    Files.delete(rows);
  }

  private void writeDeadLetters(Statement s) throws IOException, SQLException {
    Path rows = workspace.resolve("dead.rows.jsonl");
    try (Writer w = Files.newBufferedWriter(rows)) {
      for (DeadLetter d : deadLetters) {
        ObjectNode o = JSON.createObjectNode();
        o.put("raw", d.raw());
        o.put("reason", String.join("; ", d.violations().stream().map(Violation::toString).toList()));
        new LinkedHashSet<>(d.violations().stream().map(Violation::field).toList()).forEach(o.putArray("fields")::add);
        o.put("received_at", d.receivedDate().atTime(23, 59, 59).toInstant(ZoneOffset.UTC).toString());
        o.put("date", d.receivedDate().toString());
        w.write(o.toString());
        w.write('\n');
      }
    }
    s.execute("COPY (SELECT * FROM read_json(" + LakeSql.literal(rows.toString()) + ", format = 'newline_delimited', columns = {"
        + "raw: 'VARCHAR', reason: 'VARCHAR', fields: 'VARCHAR[]', received_at: 'TIMESTAMPTZ', date: 'DATE'})) TO "
        + LakeSql.literal(lake.resolve("dead_letter").toString()) + " (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
    Files.delete(rows);
  }

  private void writeTraining(Statement s) throws IOException, SQLException {
    Path rows = workspace.resolve("training.rows.jsonl");
    try (Writer w = Files.newBufferedWriter(rows)) {
      for (Session x : sessions) {
        ObjectNode o = JSON.createObjectNode();
        o.put("user_id", x.userId()).put("content_id", x.contentId()).put("session_id", x.sessionId())
            .put("start_ts", x.start().toString()).put("end_ts", x.end().toString()).put("completed", x.completed())
            .put("bounced", x.bounced()).put("fraction_played", Math.min(1.0, x.positionS() / x.item().durationS()))
            .put("category", x.item().category().wireName()).put("narrator", x.item().narrator())
            .put("duration_s", x.item().durationS()).put("feature_schema_version", "v1-test")
            .put("hour_of_day_utc", (double) x.start().atZone(ZoneOffset.UTC).getHour())
            .put("date", x.start().atZone(ZoneOffset.UTC).toLocalDate().toString());
        w.write(o.toString());
        w.write('\n');
      }
    }
    s.execute("COPY (SELECT * FROM read_json(" + LakeSql.literal(rows.toString()) + ", format = 'newline_delimited', columns = {"
        + "user_id: 'VARCHAR', content_id: 'VARCHAR', session_id: 'VARCHAR', start_ts: 'TIMESTAMPTZ', end_ts: 'TIMESTAMPTZ', "
        + "completed: 'BOOLEAN', bounced: 'BOOLEAN', fraction_played: 'DOUBLE', category: 'VARCHAR', narrator: 'VARCHAR', "
        + "duration_s: 'BIGINT', feature_schema_version: 'VARCHAR', hour_of_day_utc: 'DOUBLE', date: 'DATE'})) TO "
        + LakeSql.literal(lake.resolve("training").toString()) + " (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
    Files.delete(rows);
  }

  /**
   * A prediction log in the serving API's documented shape, one row per item of each simulated impression (same
   * request_id, so impressions join it): rank = display position; every 20th request fell back to popularity;
   * generation 1 (blue) served before {@link #FLIP}, generation 2 (green) after. The model's probability leans on
   * the user's next session of the item (completed or not) plus noise, so calibration has something to show.
   * Written from the events table already in {@code lake}, so it also works on a real backfilled lake.
   */
  public static void writePredictions(Statement s, Path lake, String firstModel, String secondModel) throws SQLException {
    String events = "read_parquet(" + LakeSql.literal(lake.resolve("events") + "/*/*.parquet") + ", hive_partitioning = true)";
    String training = "read_parquet(" + LakeSql.literal(lake.resolve("training") + "/*/*.parquet") + ", hive_partitioning = true)";
    s.execute("CREATE OR REPLACE TEMP TABLE shown AS "
        + "SELECT request_id, user_id, slot, ts - INTERVAL 150 MILLISECOND AS served_at, "
        + "unnest(content_ids) AS content_id, unnest(range(1, len(content_ids) + 1)) AS rank "
        + "FROM " + events + " WHERE type = 'recommendation_impression'");
    s.execute("CREATE OR REPLACE TEMP TABLE predictions_rows AS "
        + "WITH nxt AS (SELECT sh.*, t.completed FROM shown sh ASOF LEFT JOIN " + training + " t "
        + "  ON sh.user_id = t.user_id AND sh.content_id = t.content_id AND t.start_ts > sh.served_at), "
        + "r AS (SELECT *, (hash(request_id || content_id) % 1000) / 1000.0 AS u, hash(request_id) % 20 = 0 AS fb FROM nxt) "
        + "SELECT request_id, served_at, user_id, "
        + "  CASE WHEN hash(request_id) % 3 = 0 THEN NULL ELSE 'home' END AS surface, "
        + "  CASE WHEN hash(request_id) % 3 = 0 THEN NULL ELSE -300 END::INTEGER AS tz_offset_minutes, "
        + "  slot AS flag, rank::INTEGER AS rank, content_id, "
        + "  CASE WHEN fb THEN round(1.0 / rank, 4) ELSE p END AS score, "
        + "  CASE WHEN fb THEN NULL ELSE p END AS probability, "
        + "  CASE WHEN served_at < TIMESTAMPTZ '" + FLIP + "' THEN 1 ELSE 2 END::INTEGER AS generation, "
        + "  CASE WHEN served_at < TIMESTAMPTZ '" + FLIP + "' THEN 'blue' ELSE 'green' END AS slot, "
        + "  CASE WHEN served_at < TIMESTAMPTZ '" + FLIP + "' THEN " + LakeSql.literal(firstModel) + " ELSE " + LakeSql.literal(secondModel) + " END AS model_id, "
        + "  fb AS fallback, CASE WHEN fb THEN 'features_unavailable' END AS fallback_reason, "
        + "  CAST(served_at AS DATE) AS date "
        + "FROM (SELECT *, round(least(0.97, greatest(0.03, "
        + "  0.35 + 0.2 * coalesce(completed::INT, 0.3) + 0.7 * (u - 0.5))), 4) AS p FROM r)");
    s.execute("COPY predictions_rows TO " + LakeSql.literal(lake.resolve("predictions").toString())
        + " (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
    s.execute("COPY (SELECT DISTINCT request_id, served_at, user_id, generation, model_id, "
        + "  json_object('sleep_bounces_7d', hash(user_id) % 4, 'steps_24h', hash(user_id || 's') % 9000)::VARCHAR AS features, "
        + "  date FROM predictions_rows) TO " + LakeSql.literal(lake.resolve("prediction_features").toString())
        + " (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
  }

  private void writeRegistry() throws IOException {
    String flip = FLIP.toString();
    String start = END.minusDays(30).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    String json = """
        {"version": 6, "live": 2, "previous_live": 1, "generations": [
          {"generation": 1, "slot": "BLUE", "model_id": "m-one", "feature_schema_version": "v1-test",
           "snapshot": "lake/snapshots/asof=A", "backfill_watermark": "%1$s", "stream_start_position": null,
           "state": "RETIRED", "rows_loaded": 120, "created_at": "%1$s", "ready_at": "%1$s", "verified_at": "%1$s",
           "live_since": "%1$s", "retired_at": "%2$s"},
          {"generation": 2, "slot": "GREEN", "model_id": "m-two", "feature_schema_version": "v1-test",
           "snapshot": "lake/snapshots/asof=B", "backfill_watermark": "%2$s", "stream_start_position": "shard-0:42",
           "state": "LIVE", "rows_loaded": 130, "created_at": "%2$s", "ready_at": "%2$s", "verified_at": "%2$s",
           "live_since": "%2$s", "retired_at": null}]}
        """.formatted(start, flip);
    Files.createDirectories(workspace.resolve("store"));
    Files.writeString(workspace.resolve("store/registry.json"), json);
  }

  /**
   * Adds a prediction log to an existing (for example the quickstart's) lake, for the docs' sample output:
   * {@code SimulatedLake LAKE_DIR FIRST_MODEL_ID SECOND_MODEL_ID}.
   */
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      writePredictions(s, Path.of(args[0]), args[1], args[2]);
    }
  }

  /** Rows of a query as lists of raw JDBC values: how tests read the predictions back without any logic. */
  public List<List<Object>> rows(String sql) {
    try (LakeSql l = new LakeSql(lake.toString(), java.util.Optional.empty(), catalog)) {
      return l.query(sql).rows();
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
