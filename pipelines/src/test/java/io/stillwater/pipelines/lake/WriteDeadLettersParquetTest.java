package io.stillwater.pipelines.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.pipelines.DuckDb;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.ingest.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteDeadLettersParquetTest {

  @TempDir Path lake;

  @Test
  void writes_raw_reason_fields_and_received_time_partitioned_by_received_date() {
    Instant day1 = Instant.parse("2026-11-27T23:00:00.250Z");
    Instant day2 = Instant.parse("2026-11-28T01:00:00Z");
    String table = lake.resolve("dead_letter").toString();
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(
            new DeadLetter("{\"event_id\":", "$: not valid JSON: eof", List.of("$"), day1),
            new DeadLetter("{\"a\":1}", "event_id: missing; user_id: missing", List.of("event_id", "user_id"), day2),
            new DeadLetter("", "$: empty input, expected a JSON object", List.of("$"), day2)))
        .apply(WriteDeadLettersParquet.to(table));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.read(result)).containsEntry(PipelineCounters.DEAD_LETTER_ROWS_WRITTEN, 3L);

    assertThat(Files.exists(lake.resolve("dead_letter/date=2026-11-27/part-00000-of-00001.parquet"))).isTrue();
    assertThat(Files.exists(lake.resolve("dead_letter/date=2026-11-28/part-00000-of-00001.parquet"))).isTrue();

    Map<String, String> types = DuckDb.describe(table);
    assertThat(types).containsExactly(
        Map.entry("raw", "VARCHAR"),
        Map.entry("reason", "VARCHAR"),
        Map.entry("fields", "VARCHAR[]"),
        Map.entry("received_at", "TIMESTAMP WITH TIME ZONE"),
        Map.entry("date", "DATE"));
    assertThat(DuckDb.rows("SELECT raw, reason, fields::VARCHAR, epoch_ms(received_at), date::VARCHAR FROM "
            + DuckDb.table(table) + " ORDER BY received_at, raw"))
        .containsExactly(
            "{\"event_id\":|$: not valid JSON: eof|[$]|" + day1.toEpochMilli() + "|2026-11-27",
            "|$: empty input, expected a JSON object|[$]|" + day2.toEpochMilli() + "|2026-11-28",
            "{\"a\":1}|event_id: missing; user_id: missing|[event_id, user_id]|" + day2.toEpochMilli() + "|2026-11-28");
  }
}
