package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.CatchUp;
import io.stillwater.featurestore.progress.FileStreamProgressStore;
import io.stillwater.featurestore.progress.StreamProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store writers of the streaming pipeline record their progress beside the slot (DirectRunner). */
class StreamProgressRecordsTest {

  @TempDir Path tempDir;
  private FastScratch tmp;

  @BeforeEach
  void scratch() {
    tmp = new FastScratch(tempDir);
  }

  @AfterEach
  void cleanUp() {
    tmp.close();
  }

  @Test
  void each_store_writer_records_the_newest_arrival_it_applied_and_its_counts_and_an_hour_old_backlog_is_behind() {
    List<String> lines = SimulatedLines.generate(tmp.resolve("sim"), 6, 1, 5L, 0.0);
    Instant firstArrival = Instant.now().minus(Duration.ofHours(1));
    List<TimestampedValue<String>> arriving = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      arriving.add(TimestampedValue.of(lines.get(i), org.joda.time.Instant.ofEpochMilli(firstArrival.toEpochMilli() + i)));
    }
    long newestArrival = firstArrival.toEpochMilli() + lines.size() - 1;
    long sessionEvents = lines.stream().map(EventJson::read)
        .filter((Event e) -> e instanceof ContentStart || e instanceof ContentEnd).count();
    Path workspace = tmp.resolve("ws");

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    StreamingPipeline.process(p.apply(Create.timestamped(arriving).withCoder(StringUtf8Coder.of())),
        StreamingPipelineTest.settings(workspace, java.util.Optional.empty()));
    p.run().waitUntilFinish();

    List<StreamProgress> records = FileStreamProgressStore.inWorkspace(workspace).read(Slot.BLUE);
    List<StreamProgress> users = records.stream().filter(r -> r.writer().startsWith("users-")).toList();
    List<StreamProgress> contents = records.stream().filter(r -> r.writer().startsWith("content-")).toList();
    assertThat(users).isNotEmpty();
    assertThat(users.stream().mapToLong(StreamProgress::eventsApplied).sum()).isEqualTo(lines.size());
    assertThat(users.stream().mapToLong(StreamProgress::newestArrivalMs).max().orElseThrow()).isEqualTo(newestArrival);
    assertThat(users.stream().mapToLong(StreamProgress::rowsWritten).sum()).isPositive();
    assertThat(contents.stream().mapToLong(StreamProgress::eventsApplied).sum()).isEqualTo(sessionEvents);
    assertThat(FileStreamProgressStore.inWorkspace(workspace).read(Slot.GREEN)).isEmpty();

    // the newest event it applied arrived an hour before it was stored: the stream is not caught up
    CatchUp.Verdict verdict = CatchUp.judge(records, Instant.EPOCH, Instant.now(), Duration.ofMillis(CatchUp.CAUGHT_UP_MS),
        CatchUp.ACTIVE_WITHIN);
    assertThat(verdict.state()).isEqualTo(CatchUp.State.BEHIND);
  }
}
