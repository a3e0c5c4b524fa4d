package io.stillwater.pipelines.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.pipelines.streaming.StreamMetrics;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.stream.EmbeddedEventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded source on the Flink runner, stopped and restarted from its checkpoint. */
class FlinkRestartTest {

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

  static Map<String, FeatureVector> storeValues(Path workspace) {
    UserFeatures users = new UserFeatures(TestEvents.CATALOG, SearchFeatures.withSharedModel(TestEvents.CATALOG));
    ContentFeatures contents = new ContentFeatures();
    Map<String, FeatureVector> out = new HashMap<>();
    try (OnlineStore store = EmbeddedSlots.opener(workspace).apply(Slot.BLUE)) {
      store.scan(Entity.USER, r -> out.put("user:" + r.id(), users.valuesAt(r.id(), StateCodec.decodeUser(r.state()), TestEvents.AS_OF)));
      store.scan(Entity.CONTENT, r -> out.put("content:" + r.id(), contents.valuesAt(r.id(), StateCodec.decodeContent(r.state()), TestEvents.AS_OF)));
    }
    return out;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      try {
        TimeUnit.MILLISECONDS.sleep(100); // polling interval, not a timing assumption
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Whether a cancelled run has ended. Its local cluster shuts down once the job has, and from then on asking it for
   * the job's state throws instead of answering CANCELLED (a CI run polled in that moment).
   */
  private static boolean stopped(FlinkStreamRunner.Run run) {
    try {
      return run.result().getState().isTerminal();
    } catch (IllegalStateException clusterShutDown) {
      return true;
    }
  }

  private FlinkStreamRunner.Run start(Path workspace, Path checkpoints) {
    StreamOptions options = FlinkStreamRunner.options("--workspace=" + workspace, "--slot=blue", "--startAt=TRIM_HORIZON",
        "--archiveWindowSeconds=2");
    return FlinkStreamRunner.start(options, new FlinkStreamRunner.Settings(checkpoints, Duration.ofMillis(300), true, 1));
  }

  @Test
  void a_run_stopped_and_restarted_from_its_checkpoint_loses_no_event_and_counts_none_twice() throws Exception {
    Path workspace = dir.resolve("ws");
    Path checkpoints = dir.resolve("checkpoints");
    EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(workspace);
    List<String> first = new ArrayList<>(TestEvents.lines(0, 300));
    first.add(first.get(5)); // a duplicate
    first.add("{broken"); // a dead letter
    List<String> second = TestEvents.lines(300, 300);
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    log.appendLines(first);
    StreamMetrics.reset();

    FlinkStreamRunner.Run run1 = start(workspace, checkpoints);
    assertThat(run1.resumedFrom()).isEmpty();
    Map<String, FeatureVector> expectedFirst = TestEvents.expected(first);
    await("the first half in the store", Duration.ofSeconds(120), () -> storeValues(workspace).equals(expectedFirst));
    long folded = System.currentTimeMillis();
    await("a checkpoint after the first half", Duration.ofSeconds(60), () -> FlinkStreamRunner.latestCheckpoint(checkpoints)
        .map(p -> p.resolve("_metadata").toFile().lastModified() > folded).orElse(false));
    run1.result().cancel();
    await("the first run to stop", Duration.ofSeconds(60), () -> stopped(run1));

    log.appendLines(second); // arrives while nothing runs
    FlinkStreamRunner.Run run2 = start(workspace, checkpoints);
    try {
      assertThat(run2.resumedFrom()).isPresent();
      Map<String, FeatureVector> expectedAll = TestEvents.expected(all);
      await("every event in the store exactly once", Duration.ofSeconds(120), () -> storeValues(workspace).equals(expectedAll));
      assertThat(storeValues(workspace)).isEqualTo(expectedAll);
    } finally {
      run2.result().cancel();
    }
  }

}
