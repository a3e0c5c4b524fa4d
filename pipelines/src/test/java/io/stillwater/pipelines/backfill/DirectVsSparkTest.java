package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.pipelines.DuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same Parquet content on the DirectRunner and on the Spark runner (local[2], in this
 * JVM, with the Spark flags from surefire's argLine). Kept small: a Spark run is mostly its ~10 s startup.
 */
class DirectVsSparkTest {

  @TempDir Path tmp;

  @Test
  void direct_and_spark_runners_write_identical_tables() throws IOException {
    Path events = tmp.resolve("events");
    SimulatedHistories.write(events, 4, 2, 7, 0.2);
    String until = "2026-11-27T18:00:00Z"; // some events fall after it

    long t0 = System.nanoTime();
    BackfillResult direct = BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, tmp.resolve("direct"), until));
    long t1 = System.nanoTime();
    BackfillResult spark = BackfillPipeline.run(
        SimulatedHistories.options("SparkRunner", events, tmp.resolve("spark"), until, "--sparkMaster=local[2]"));
    long t2 = System.nanoTime();
    System.out.printf("direct %.1f s, spark %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);

    assertThat(direct.state()).isEqualTo(PipelineResult.State.DONE);
    assertThat(spark.state()).isEqualTo(PipelineResult.State.DONE);
    assertThat(spark.runner()).isEqualTo("SparkRunner");
    assertThat(spark.counts().checks()).allSatisfy((name, holds) -> assertThat(holds).as(name).isTrue());
    assertThat(direct.counts().deadLettered()).isPositive();
    assertThat(direct.counts().duplicates() + direct.counts().afterUntil()).isPositive();
    assertThat(spark.counts().metrics()).isEqualTo(direct.counts().metrics());

    assertThat(files(tmp.resolve("spark"), "events")).isEqualTo(files(tmp.resolve("direct"), "events")).isNotEmpty();
    assertThat(files(tmp.resolve("spark"), "dead_letter")).isEqualTo(files(tmp.resolve("direct"), "dead_letter")).isNotEmpty();
    assertThat(eventRows(tmp.resolve("spark"))).isEqualTo(eventRows(tmp.resolve("direct"))).hasSize((int) direct.counts().archived());
    assertThat(deadLetterRows(tmp.resolve("spark"))).isEqualTo(deadLetterRows(tmp.resolve("direct")))
        .hasSize((int) direct.counts().deadLettered());

    // The feature tables too: every feature value, embedding and encoded state, row for row.
    assertThat(files(tmp.resolve("spark"), "training")).isEqualTo(files(tmp.resolve("direct"), "training")).isNotEmpty();
    assertThat(allRows(tmp.resolve("spark"), "training")).isEqualTo(allRows(tmp.resolve("direct"), "training"))
        .hasSize(direct.counts().metrics().get("training_examples").intValue()).isNotEmpty();
    for (String entity : List.of("user", "content")) {
      String snapshots = "snapshots/asof=20261127T180000Z/entity=" + entity;
      assertThat(files(tmp.resolve("spark"), snapshots)).isEqualTo(files(tmp.resolve("direct"), snapshots)).isNotEmpty();
      assertThat(snapshotRows(tmp.resolve("spark"), entity)).isEqualTo(snapshotRows(tmp.resolve("direct"), entity)).isNotEmpty();
    }
  }

  static List<String> allRows(Path lake, String table) {
    return DuckDb.rows("SELECT * FROM " + DuckDb.table(lake.resolve(table).toString()) + " ORDER BY ALL");
  }

  static List<String> snapshotRows(Path lake, String entity) {
    return DuckDb.rows("SELECT * FROM read_parquet('" + lake.resolve("snapshots") + "/*/entity=" + entity
        + "/*.parquet', hive_partitioning = true) ORDER BY ALL");
  }

  static List<String> eventRows(Path lake) {
    return DuckDb.rows("SELECT * FROM " + DuckDb.table(lake.resolve("events").toString()) + " ORDER BY ALL");
  }

  static List<String> deadLetterRows(Path lake) {
    return DuckDb.rows("SELECT * FROM " + DuckDb.table(lake.resolve("dead_letter").toString()) + " ORDER BY ALL");
  }

  static List<String> files(Path lake, String table) throws IOException {
    Path dir = lake.resolve(table);
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }
}
