package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.stream.AppendResult;
import io.stillwater.stream.EmbeddedEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamStatusReporterTest {

  @TempDir Path workspace;

  @AfterEach
  void reset() {
    StreamMetrics.reset();
  }

  @Test
  void the_status_file_has_position_counts_lag_and_freshness_percentiles() throws Exception {
    StreamMetrics.reset();
    EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(workspace);
    AppendResult first = log.appendLines(List.of("{}", "{}"));
    log.appendLines(List.of("{}"));
    StreamMetrics.POSITION.set(first.endOffset()); // one record behind the head
    StreamMetrics.LAST_ARRIVAL_MS.set(first.appendMs());
    StreamMetrics.RECORDS_READ.add(2);
    StreamMetrics.EVENTS_FOLDED.add(2);
    LongStream.rangeClosed(1, 100).forEach(ms -> StreamMetrics.FRESHNESS.record(ms * 10));
    List<String> lines = new ArrayList<>();

    try (StreamStatusReporter reporter = StreamStatusReporter.start(workspace, "blue", "embedded", Duration.ofHours(1), lines::add)) {
      StreamStatus behind = reporter.report();
      assertThat(behind.position()).isEqualTo("offset:" + first.endOffset());
      assertThat(behind.freshnessP50Ms()).isEqualTo(500);
      assertThat(behind.freshnessP99Ms()).isEqualTo(990);
      assertThat(behind.lagMs()).isNotNull().isGreaterThanOrEqualTo(0);
      JsonNode file = new ObjectMapper().readTree(StreamStatusReporter.statusFile(workspace, "blue").toFile());
      assertThat(file.path("records_read").asLong()).isEqualTo(2);
      assertThat(file.path("freshness_p99_ms").asLong()).isEqualTo(990);
      assertThat(file.has("caught_up")).isTrue();

      StreamMetrics.POSITION.set(log.committedEnd()); // at the head
      StreamStatus atHead = reporter.report();
      assertThat(atHead.lagMs()).isZero();
      assertThat(atHead.caughtUp()).isTrue();
      assertThat(atHead.freshnessP50Ms()).as("per interval: nothing new").isNull();
      assertThat(atHead.runFreshnessP50Ms()).isNull(); // only FRESHNESS_TOTAL feeds the run figures
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("stream blue:"));
  }
}
