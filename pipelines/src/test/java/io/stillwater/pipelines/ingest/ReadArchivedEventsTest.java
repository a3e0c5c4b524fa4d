package io.stillwater.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.pipelines.DuckDb;
import io.stillwater.pipelines.backfill.BackfillManifest;
import io.stillwater.pipelines.backfill.BackfillOptions;
import io.stillwater.pipelines.backfill.BackfillPipeline;
import io.stillwater.pipelines.backfill.BackfillResult;
import io.stillwater.pipelines.coders.EventCoder;
import io.stillwater.pipelines.lake.EventRecords;
import io.stillwater.pipelines.lake.WriteEventsParquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's Parquet archive as backfill input: what arrived through Kinesis reaches training on AWS. */
class ReadArchivedEventsTest {

  private static final String START = """
      {"event_id":"e1","user_id":"u1","type":"content_start","ts":"2026-11-27T21:00:00.000Z","content_id":"sleep-the-night-train-to-lisbon","session_id":"s1"}""";
  private static final String END = """
      {"event_id":"e2","user_id":"u1","type":"content_end","ts":"2026-11-27T21:10:00.500Z","content_id":"sleep-the-night-train-to-lisbon","session_id":"s1","position_s":600.5,"completed":true}""";
  private static final String PROGRESS = """
      {"event_id":"e3","user_id":"u1","type":"content_progress","ts":"2026-11-27T21:05:00.000Z","content_id":"sleep-the-night-train-to-lisbon","session_id":"s1","position_s":300}""";
  private static final String SEARCH = """
      {"event_id":"e4","user_id":"u2","type":"search","ts":"2026-11-27T08:00:00.000Z","query":"preparing for exams"}""";
  private static final String BIOMETRIC = """
      {"event_id":"e5","user_id":"u2","type":"biometric","ts":"2026-11-27T08:01:00.000Z","steps":1200,"heart_rate_bpm":71.5,"source":"watch"}""";
  private static final String IMPRESSION = """
      {"event_id":"e6","user_id":"u2","type":"recommendation_impression","ts":"2026-11-27T08:02:00.000Z","request_id":"r1","slot":"sleep","content_ids":["sleep-the-night-train-to-lisbon","sleep-a-bakery-before-dawn"]}""";
  private static final String UNKNOWN = """
      {"event_id":"e7","user_id":"u2","type":"app_open","ts":"2026-11-27T08:03:00.000Z","screen":"home"}""";
  private static final List<String> ALL = List.of(START, END, PROGRESS, SEARCH, BIOMETRIC, IMPRESSION, UNKNOWN);

  @Test
  void every_event_type_survives_the_row_and_back() {
    for (String line : ALL) {
      Event e = EventJson.read(line);
      String back = ReadArchivedEvents.toJsonLine(EventRecords.toRecord(e));
      assertThat(EventJson.read(back)).as(line).isEqualTo(e);
    }
  }

  @Test
  void hidden_folders_are_writes_in_progress() {
    assertThat(ReadArchivedEvents.inHiddenFolder("s3://b/lake/stream_events/.temp-beam-1/x.parquet")).isTrue();
    assertThat(ReadArchivedEvents.inHiddenFolder("s3://b/lake/stream_events/date=2026-11-27/part-1.parquet")).isFalse();
    assertThat(ReadArchivedEvents.filePattern("s3://b/lake/stream_events")).isEqualTo("s3://b/lake/stream_events/**.parquet");
  }

  @Test
  void reads_an_archive_the_stream_wrote_and_nothing_from_an_empty_one(@TempDir Path dir) throws Exception {
    Path archive = dir.resolve("stream_events");
    writeArchive(archive, ALL);
    Files.createDirectories(archive.resolve(".temp-beam-x"));
    Files.writeString(archive.resolve(".temp-beam-x/partial.parquet"), "not parquet yet");

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PAssert.that(p.apply(ReadArchivedEvents.from(archive.toString())).apply(org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptor.of(Event.class)).via(EventJson::read)).setCoder(EventCoder.of()))
        .containsInAnyOrder(ALL.stream().map(EventJson::read).toList());
    PAssert.that(p.apply("Missing", ReadArchivedEvents.from(dir.resolve("nothing-here").toString()))).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void a_backfill_with_the_stream_archive_counts_each_event_once(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history");
    Files.createDirectories(history);
    Files.writeString(history.resolve("events.jsonl"), String.join("\n", START, END, SEARCH) + "\n");
    Path lake = dir.resolve("lake");
    // the stream saw e2 again (also in the history) and e3, e5 that only came through it
    writeArchive(lake.resolve("stream_events"), List.of(END, PROGRESS, BIOMETRIC));

    BackfillOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--events=" + history,
        "--lake=" + lake, "--until=2026-11-28", "--startedAt=2026-11-28T06:00:00Z",
        "--streamArchive=" + lake.resolve("stream_events")).withValidation().as(BackfillOptions.class);
    BackfillResult r = BackfillPipeline.run(options);

    assertThat(r.counts().read()).isEqualTo(6);
    assertThat(r.counts().accepted()).isEqualTo(5);
    assertThat(r.counts().duplicates()).isEqualTo(1);
    assertThat(r.counts().checks()).allSatisfy((name, holds) -> assertThat(holds).as(name).isTrue());
    assertThat(DuckDb.rows("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM "
        + DuckDb.table(lake.resolve("events").toString()))).containsExactly("e1,e2,e3,e4,e5");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(BackfillManifest.path(r.plan())).toFile())
        .get("stream_archive").asText()).isEqualTo(lake.resolve("stream_events").toString());
  }

  @Test
  void a_scheduled_backfill_needs_no_history_when_the_stream_archived_events(@TempDir Path dir) {
    Path history = dir.resolve("raw/history"); // nothing uploaded
    Path lake = dir.resolve("lake");
    String[] args = {"--runner=DirectRunner", "--events=" + history, "--lake=" + lake, "--until=now",
        "--streamArchive=" + lake.resolve("stream_events")};
    assertThatThrownBy(() -> BackfillPipeline.run(
        PipelineOptionsFactory.fromArgs(args).withValidation().as(BackfillOptions.class)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream_events");

    writeArchive(lake.resolve("stream_events"), List.of(START, SEARCH));
    BackfillResult r = BackfillPipeline.run(PipelineOptionsFactory.fromArgs(args).withValidation().as(BackfillOptions.class));
    assertThat(r.counts().accepted()).isEqualTo(2);
    assertThat(r.inputFiles()).isPositive();
  }

  private static void writeArchive(Path table, List<String> lines) {
    Pipeline w = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    w.apply(Create.of(lines.stream().map(EventJson::read).toList()).withCoder(EventCoder.of()))
        .apply(WriteEventsParquet.to(table.toString()));
    w.run().waitUntilFinish();
  }
}
