package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.pipelines.DuckDb;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB reads the training and snapshot tables as written, with the documented column types. */
class FeatureTablesForAnalystsTest {

  @TempDir static Path tmp;
  static Path lake;

  @BeforeAll
  static void backfill() {
    Path events = tmp.resolve("events");
    SimulatedHistories.write(events, 12, 3, 9, 0.02);
    lake = tmp.resolve("lake");
    assertThat(BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, lake, "2026-11-28")).ok()).isTrue();
  }

  static String duckType(FeatureDefinition f) {
    return switch (f.type()) {
      case COUNT -> "BIGINT";
      case NUMBER -> "DOUBLE";
      case VECTOR -> "FLOAT[]";
    };
  }

  @Test
  void training_columns_have_typed_labels_timestamps_and_one_column_per_feature() {
    Map<String, String> types = DuckDb.describe(lake.resolve("training").toString());
    assertThat(types).containsEntry("user_id", "VARCHAR").containsEntry("content_id", "VARCHAR")
        .containsEntry("session_id", "VARCHAR").containsEntry("start_ts", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("end_ts", "TIMESTAMP WITH TIME ZONE").containsEntry("completed", "BOOLEAN")
        .containsEntry("bounced", "BOOLEAN").containsEntry("fraction_played", "DOUBLE")
        .containsEntry("category", "VARCHAR").containsEntry("duration_s", "BIGINT").containsEntry("date", "DATE");
    for (Entity e : Entity.values()) {
      for (FeatureDefinition f : FeatureRegistry.forEntity(e)) {
        assertThat(types).as(f.name()).containsEntry(f.name(), duckType(f));
      }
    }
    assertThat(DuckDb.rows("SELECT count(*) > 0, count(*) FILTER (WHERE date <> CAST(start_ts AS DATE)), "
        + "count(*) FILTER (WHERE len(search_embedding) NOT IN (384)) FROM " + DuckDb.table(lake.resolve("training").toString())))
        .containsExactly("true|0|0");
  }

  @Test
  void snapshots_have_state_bytes_and_values_at_the_watermark() {
    for (Entity e : new Entity[] {Entity.USER, Entity.CONTENT}) {
      String dir = lake.resolve("snapshots/asof=20261128T000000Z").toString();
      String table = "read_parquet('" + dir + "/entity=" + e.wireName() + "/*.parquet', hive_partitioning = true)";
      Map<String, String> types = new java.util.LinkedHashMap<>();
      for (String row : DuckDb.rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + table + ")")) {
        String[] cells = row.split("\\|");
        types.put(cells[0], cells[1]);
      }
      assertThat(types).containsEntry("entity_id", "VARCHAR").containsEntry("as_of", "TIMESTAMP WITH TIME ZONE")
          .containsEntry("newest_event_ts", "TIMESTAMP WITH TIME ZONE").containsEntry("state", "BLOB")
          .containsEntry("feature_schema_version", "VARCHAR").containsEntry("entity", "VARCHAR");
      for (FeatureDefinition f : FeatureRegistry.forEntity(e)) {
        assertThat(types).as(f.name()).containsEntry(f.name(), duckType(f));
      }
      assertThat(DuckDb.rows("SELECT DISTINCT as_of::VARCHAR, feature_schema_version FROM " + table))
          .containsExactly("2026-11-28 00:00:00+00|" + FeatureRegistry.schemaVersion());
    }
    // One user snapshot per user with events, one content snapshot per item with sessions.
    assertThat(DuckDb.rows("SELECT count(*) FROM read_parquet('" + lake.resolve("snapshots") + "/*/entity=user/*.parquet')"))
        .isEqualTo(DuckDb.rows("SELECT count(DISTINCT user_id) FROM " + DuckDb.table(lake.resolve("events").toString())));
    assertThat(DuckDb.rows("SELECT count(*) FROM read_parquet('" + lake.resolve("snapshots") + "/*/entity=content/*.parquet')"))
        .isEqualTo(DuckDb.rows("SELECT count(DISTINCT content_id) FROM " + DuckDb.table(lake.resolve("events").toString())
            + " WHERE type IN ('content_start', 'content_end')"));
  }
}
