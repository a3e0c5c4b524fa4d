package io.stillwater.pipelines.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.push.Trigger;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.EmbeddedLogReader;
import io.stillwater.stream.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real streaming job on the Flink runner, with its default options, writes triggers to the workspace's log. */
class FlinkTriggersTest {

  private Path dir;

  @BeforeEach
  void scratch() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "stillwater-flink-")
        : Files.createTempDirectory("stillwater-flink-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static List<Trigger> triggers(Path workspace) {
    Path log = workspace.resolve("stream").resolve("triggers");
    if (!Files.exists(log)) {
      return List.of();
    }
    try (EmbeddedLogReader reader = EmbeddedEventLog.open(log).reader(0)) {
      return reader.poll(1000).stream().map(LogRecord::line).map(Trigger::fromJson).toList();
    }
  }

  @Test
  void a_search_and_a_sleep_bounce_appended_to_the_stream_reach_the_trigger_log_by_default() throws Exception {
    Path workspace = dir.resolve("ws");
    String sleep = TestEvents.CATALOG.inCategory(Category.SLEEP).get(0).contentId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> lines = new ArrayList<>(List.of(
        "{\"event_id\":\"s1\",\"user_id\":\"u1\",\"type\":\"search\",\"ts\":\"" + now.minusSeconds(5)
            + "\",\"query\":\"cannot sleep\"}",
        "{\"event_id\":\"b1\",\"user_id\":\"u2\",\"type\":\"content_end\",\"ts\":\"" + now.minusSeconds(4)
            + "\",\"content_id\":\"" + sleep + "\",\"session_id\":\"x\",\"position_s\":30.0,\"completed\":false}"));
    lines.add(lines.get(0)); // delivered twice
    EmbeddedEventLog.inWorkspace(workspace).appendLines(lines);

    StreamOptions options = FlinkStreamRunner.options("--workspace=" + workspace, "--slot=blue", "--startAt=TRIM_HORIZON");
    FlinkStreamRunner.Run run = FlinkStreamRunner.start(options,
        new FlinkStreamRunner.Settings(dir.resolve("checkpoints"), Duration.ofSeconds(1), false, 1));
    try {
      FlinkRestartTest.await("two triggers in the trigger log", Duration.ofSeconds(180), () -> triggers(workspace).size() >= 2);
      assertThat(triggers(workspace)).extracting(Trigger::triggerId, Trigger::flag).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("search:u1:s1", "after_search"),
          org.assertj.core.groups.Tuple.tuple("sleep_bounce:u2:b1", "sleep"));
    } finally {
      run.result().cancel();
    }
  }
}
