package io.stillwater.pipelines.lake;

import static io.stillwater.pipelines.TestEvents.FOCUS;
import static io.stillwater.pipelines.TestEvents.SLEEP;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.pipelines.DuckDb;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteEventsParquetTest {

  @TempDir Path lake;

  static final Instant LATE = Instant.parse("2026-11-20T23:59:59.999Z");
  static final Instant MIDNIGHT = Instant.parse("2026-11-21T00:00:00Z");

  static List<Event> oneOfEachType() {
    return List.of(
        new ContentStart("e1", "u1", LATE, SLEEP, "s1"),
        new ContentProgress("e2", "u1", MIDNIGHT, SLEEP, "s1", 60.5),
        new ContentEnd("e3", "u1", MIDNIGHT.plusSeconds(30), SLEEP, "s1", 90, false),
        new Search("e4", "u2", MIDNIGHT, "preparing for exam"),
        new Biometric("e5", "u2", MIDNIGHT, 1234, null, "phone"),
        new Biometric("e6", "u2", MIDNIGHT, null, 72.5, "watch"),
        new RecommendationImpression("e7", "u2", MIDNIGHT, "r1", "focus", List.of(FOCUS, SLEEP)),
        EventJson.read("{\"event_id\":\"e8\",\"user_id\":\"u3\",\"type\":\"app_open\",\"ts\":\"2026-11-21T08:00:00Z\",\"screen\":\"home\"}"));
  }

  @Test
  void writes_typed_columns_partitioned_by_the_utc_date_of_ts_that_duckdb_reads_as_written() throws Exception {
    String table = lake.resolve("events").toString();
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(oneOfEachType()).withCoder(EventCoder.of())).apply(WriteEventsParquet.to(table));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.read(result)).containsEntry(PipelineCounters.EVENT_ROWS_WRITTEN, 8L);

    try (Stream<Path> files = Files.walk(lake)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> lake.relativize(f).toString()).sorted())
          .containsExactly(
              "events/date=2026-11-20/part-00000-of-00001.parquet",
              "events/date=2026-11-21/part-00000-of-00001.parquet");
    }

    Map<String, String> types = DuckDb.describe(table);
    assertThat(types).containsExactly(
        Map.entry("event_id", "VARCHAR"),
        Map.entry("user_id", "VARCHAR"),
        Map.entry("type", "VARCHAR"),
        Map.entry("ts", "TIMESTAMP WITH TIME ZONE"),
        Map.entry("content_id", "VARCHAR"),
        Map.entry("session_id", "VARCHAR"),
        Map.entry("position_s", "DOUBLE"),
        Map.entry("completed", "BOOLEAN"),
        Map.entry("query", "VARCHAR"),
        Map.entry("steps", "BIGINT"),
        Map.entry("heart_rate_bpm", "DOUBLE"),
        Map.entry("source", "VARCHAR"),
        Map.entry("request_id", "VARCHAR"),
        Map.entry("slot", "VARCHAR"),
        Map.entry("content_ids", "VARCHAR[]"),
        Map.entry("raw_json", "VARCHAR"),
        Map.entry("date", "DATE"));

    List<String> rows = DuckDb.rows(
        "SELECT event_id, user_id, type, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g'), content_id, session_id, position_s,"
            + " completed, query, steps, heart_rate_bpm, source, request_id, slot, content_ids::VARCHAR, raw_json,"
            + " date::VARCHAR FROM " + DuckDb.table(table) + " ORDER BY event_id");
    assertThat(rows).containsExactly(
        "e1|u1|content_start|2026-11-20T23:59:59.999|" + SLEEP + "|s1|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|2026-11-20",
        "e2|u1|content_progress|2026-11-21T00:00:00.000|" + SLEEP + "|s1|60.5|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|2026-11-21",
        "e3|u1|content_end|2026-11-21T00:00:30.000|" + SLEEP + "|s1|90.0|false|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|2026-11-21",
        "e4|u2|search|2026-11-21T00:00:00.000|NULL|NULL|NULL|NULL|preparing for exam|NULL|NULL|NULL|NULL|NULL|NULL|NULL|2026-11-21",
        "e5|u2|biometric|2026-11-21T00:00:00.000|NULL|NULL|NULL|NULL|NULL|1234|NULL|phone|NULL|NULL|NULL|NULL|2026-11-21",
        "e6|u2|biometric|2026-11-21T00:00:00.000|NULL|NULL|NULL|NULL|NULL|NULL|72.5|watch|NULL|NULL|NULL|NULL|2026-11-21",
        "e7|u2|recommendation_impression|2026-11-21T00:00:00.000|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|r1|focus|["
            + FOCUS + ", " + SLEEP + "]|NULL|2026-11-21",
        "e8|u3|app_open|2026-11-21T08:00:00.000|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|"
            + "{\"event_id\":\"e8\",\"user_id\":\"u3\",\"type\":\"app_open\",\"ts\":\"2026-11-21T08:00:00Z\",\"screen\":\"home\"}|2026-11-21");
    // the instant itself, not a local reading of it
    assertThat(DuckDb.rows("SELECT epoch_ms(ts) FROM " + DuckDb.table(table) + " WHERE event_id = 'e1'"))
        .containsExactly(String.valueOf(LATE.toEpochMilli()));
  }

  @Test
  void a_file_name_never_carries_characters_hadoop_paths_refuse() {
    assertThat(HivePartitionNaming.date("2026-11-21").getFilename(null, null, 3, 1, null))
        .isEqualTo("date=2026-11-21/part-00001-of-00003.parquet");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HivePartitionNaming("asof", "2026-11-21T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
