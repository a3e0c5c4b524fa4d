package io.stillwater.pipelines.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.pipelines.DuckDb;
import io.stillwater.pipelines.backfill.BackfillOptions;
import io.stillwater.pipelines.backfill.BackfillPipeline;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake as written reads in Spark SQL (SparkSession local[1], partition discovery from the folder names) and in
 * DuckDB with the column types docs/analytics.md documents: a real backfill of a simulated history writes events,
 * dead letters, training examples and snapshots; the prediction log (written by the serving API) is made here in
 * its documented shape from the backfilled impressions. The expected types are parsed from the doc's schema tables,
 * and the feature columns' from the feature registry, so the doc, the files and the readers cannot drift apart.
 */
class LakeTablesInSparkSqlTest {

  @TempDir static Path tmp;
  static Path lake;
  static SparkSession spark;

  /** View name (the doc's heading) to the lake folder it reads. */
  static final Map<String, String> FOLDERS = new LinkedHashMap<>();

  static {
    FOLDERS.put("events", "events");
    FOLDERS.put("dead_letters", "dead_letter");
    FOLDERS.put("training_examples", "training");
    FOLDERS.put("snapshots", "snapshots");
    FOLDERS.put("predictions", "predictions");
    FOLDERS.put("prediction_features", "prediction_features");
  }

  @BeforeAll
  static void backfillAndStartSpark() throws Exception {
    Path events = tmp.resolve("events");
    LocalDate end = LocalDate.of(2026, 11, 28);
    new HistoryWriter(new Simulator(CatalogLoader.loadDefault(), new SimulationConfig(10, 3, 5, end, 0.05)), events)
        .write((date, lines, done, total) -> {});
    lake = tmp.resolve("lake");
    BackfillOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--events=" + events, "--lake=" + lake,
        "--until=2026-11-28", "--startedAt=2026-11-28T06:00:00Z").withValidation().as(BackfillOptions.class);
    assertThat(BackfillPipeline.run(options).ok()).isTrue();
    writePredictionLog();
    spark = SparkSession.builder().master("local[1]").appName("lake-tables")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /**
   * The serving API's log, in the documented shape: one row per item of each backfilled impression, and one
   * features row per response.
   */
  static void writePredictionLog() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("COPY (SELECT request_id, ts - INTERVAL 100 MILLISECOND AS served_at, user_id, 'home' AS surface, "
          + "CAST(-300 AS INTEGER) AS tz_offset_minutes, slot AS flag, CAST(rank AS INTEGER) AS rank, content_id, "
          + "1.0 / rank AS score, CASE WHEN rank % 4 = 0 THEN NULL ELSE 0.5 / rank END AS probability, "
          + "CAST(3 AS INTEGER) AS generation, 'green' AS slot, 'm-test' AS model_id, rank % 4 = 0 AS fallback, "
          + "CASE WHEN rank % 4 = 0 THEN 'model_unavailable' END AS fallback_reason, "
          + "CAST(ts - INTERVAL 100 MILLISECOND AS DATE) AS date "
          + "FROM (SELECT request_id, ts, user_id, slot, unnest(content_ids) AS content_id, "
          + "unnest(range(1, len(content_ids) + 1)) AS rank FROM " + DuckDb.table(lake.resolve("events").toString())
          + " WHERE type = 'recommendation_impression')) TO '" + lake.resolve("predictions")
          + "' (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
      s.execute("COPY (SELECT DISTINCT request_id, served_at, user_id, generation, model_id, "
          + "'{\"steps_24h\": 10}' AS features, date FROM " + DuckDb.table(lake.resolve("predictions").toString())
          + ") TO '" + lake.resolve("prediction_features")
          + "' (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')");
    }
  }

  /** docs/analytics.md, found from the module's directory upwards. */
  static String analyticsDoc() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/analytics.md"))) {
        return Files.readString(dir.resolve("docs/analytics.md"));
      }
    }
    throw new IllegalStateException("docs/analytics.md not found");
  }

  /**
   * A table's documented columns: name to the type in the given column of its schema table (1 = DuckDB,
   * 2 = Spark), leaving out those documented as "-" (not there for that reader).
   */
  static Map<String, String> documented(String view, int typeColumn) throws IOException {
    String doc = analyticsDoc();
    int start = doc.indexOf("\n### " + view + "\n");
    assertThat(start).as("docs/analytics.md has a section ### " + view).isPositive();
    int end = doc.indexOf("\n##", start + 5);
    Map<String, String> columns = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_0-9]+)` \\| ([^|]+) \\| ([^|]+) \\|").matcher(doc.substring(start, end));
    while (row.find()) {
      String type = row.group(1 + typeColumn).strip();
      if (!type.equals("-")) {
        columns.put(row.group(1), type);
      }
    }
    assertThat(columns).as(view + " documents columns").isNotEmpty();
    return columns;
  }

  /** The feature columns a table carries besides its documented ones, with their types for one reader. */
  static Map<String, String> features(String view, boolean spark) {
    List<Entity> entities = switch (view) {
      case "training_examples" -> List.of(Entity.USER, Entity.CONTENT, Entity.CONTEXT);
      case "snapshots" -> List.of(Entity.USER, Entity.CONTENT);
      default -> List.of();
    };
    Map<String, String> columns = new LinkedHashMap<>();
    for (Entity e : entities) {
      for (FeatureDefinition f : FeatureRegistry.forEntity(e)) {
        columns.put(f.name(), switch (f.type()) {
          case COUNT -> spark ? "bigint" : "BIGINT";
          case NUMBER -> spark ? "double" : "DOUBLE";
          case VECTOR -> spark ? "array<float>" : "FLOAT[]";
        });
      }
    }
    return columns;
  }

  static Dataset<Row> read(String view) {
    String dir = lake.resolve(FOLDERS.get(view)).toString();
    return spark.read().option("basePath", dir).option("mergeSchema", view.equals("snapshots")).parquet(dir);
  }

  @Test
  void spark_reads_every_table_with_the_documented_types_and_partitions() throws IOException {
    for (String view : FOLDERS.keySet()) {
      Map<String, String> actual = new LinkedHashMap<>();
      for (StructField f : read(view).schema().fields()) {
        actual.put(f.name(), f.dataType().simpleString());
      }
      Map<String, String> expected = new LinkedHashMap<>(documented(view, 2));
      expected.putAll(features(view, true));
      assertThat(actual).as(view).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Test
  void duckdb_reads_every_table_with_the_documented_types() throws IOException {
    for (String view : FOLDERS.keySet()) {
      String glob = lake.resolve(FOLDERS.get(view)) + (view.equals("snapshots") ? "/*/*/*.parquet" : "/*/*.parquet");
      Map<String, String> actual = new LinkedHashMap<>();
      for (String row : DuckDb.rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + glob
          + "', hive_partitioning = true, union_by_name = true))")) {
        String[] cells = row.split("\\|");
        actual.put(cells[0], cells[1]);
      }
      if (view.equals("snapshots")) {
        assertThat(actual.remove("asof")).isEqualTo("VARCHAR"); // the folder; the query view leaves it out
      }
      Map<String, String> expected = new LinkedHashMap<>(documented(view, 1));
      expected.putAll(features(view, false));
      assertThat(actual).as(view).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Test
  void spark_sql_sees_the_same_rows_and_partition_values_as_duckdb() {
    for (String view : FOLDERS.keySet()) {
      read(view).createOrReplaceTempView(view);
    }
    assertThat(spark.sql("SELECT count(*) FROM events").first().getLong(0))
        .isEqualTo(DuckDb.count(lake.resolve("events").toString())).isPositive();
    assertThat(spark.sql("SELECT count(*) FROM dead_letters").first().getLong(0))
        .isEqualTo(DuckDb.count(lake.resolve("dead_letter").toString())).isPositive();
    assertThat(spark.sql("SELECT count(*) FROM training_examples").first().getLong(0))
        .isEqualTo(DuckDb.count(lake.resolve("training").toString())).isPositive();
    // Partition values agree with the timestamps they come from (UTC), and lists and timestamps survive.
    assertThat(spark.sql("SELECT count_if(date <> to_date(ts)) FROM events").first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT count_if(date <> to_date(start_ts)) FROM training_examples").first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT count_if(date <> to_date(served_at)) FROM predictions").first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT min(size(content_ids)) FROM events WHERE type = 'recommendation_impression'").first().getInt(0))
        .isPositive();
    assertThat(spark.sql("SELECT max(size(search_embedding)) FROM training_examples").first().getInt(0)).isEqualTo(384);
    assertThat(spark.sql("SELECT date_format(min(ts), 'yyyy-MM-dd HH:mm:ss.SSS') FROM events").first().getString(0))
        .isEqualTo(DuckDb.rows("SELECT strftime(min(ts), '%Y-%m-%d %H:%M:%S.%g') FROM "
            + DuckDb.table(lake.resolve("events").toString())).get(0));
    // Snapshots: both entities, told apart by the entity= folder.
    assertThat(spark.sql("SELECT entity, count(*) FROM snapshots GROUP BY entity ORDER BY entity").collectAsList().stream()
        .map(r -> r.getString(0) + "=" + (r.getLong(1) > 0)).toList()).containsExactly("content=true", "user=true");
    // Every prediction joins its impression on request_id (what the worked questions rely on).
    assertThat(spark.sql("SELECT count(*) FROM predictions p LEFT SEMI JOIN events e "
        + "ON e.type = 'recommendation_impression' AND e.request_id = p.request_id").first().getLong(0))
        .isEqualTo(spark.sql("SELECT count(*) FROM predictions").first().getLong(0)).isPositive();
  }

  @Test
  void the_generation_registry_reads_with_the_documented_snippet() throws IOException {
    Path registry = tmp.resolve("registry.json");
    Files.writeString(registry, """
        {"version": 4, "live": 2, "previous_live": 1, "generations": [
         {"generation": 1, "slot": "BLUE", "model_id": "m-a", "state": "RETIRED", "live_since": "2026-11-27T02:00:00Z"},
         {"generation": 2, "slot": "GREEN", "model_id": "m-b", "state": "LIVE", "live_since": "2026-11-28T02:00:00Z"}]}
        """);
    List<Row> rows = spark.read().option("multiLine", "true").json(registry.toString())
        .selectExpr("explode(generations) AS g", "live").selectExpr("g.*", "g.generation = live AS is_live")
        .orderBy("generation").collectAsList();
    assertThat(rows.stream().map(r -> r.getAs("model_id") + ":" + r.getAs("is_live")).toList())
        .containsExactly("m-a:false", "m-b:true");
  }
}
