package io.stillwater.pipelines.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.StoreLocation;
import io.stillwater.featurestore.cli.GenerationRun;
import io.stillwater.featurestore.dynamodb.Dynalite;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.StreamProgress;
import io.stillwater.pipelines.streaming.StreamMetrics;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.stream.EmbeddedEventLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caught-up signal end to end on the Flink runner: the stream writes its progress records into the store it
 * writes (embedded, and DynamoDB on dynalite), and {@code generation stream-status} reads them. Events keep
 * arriving while it runs, as on a live stream: a backlog, then a few events every 200 ms.
 */
class StreamProgressOnFlinkTest {

  private static final int BACKLOG = 200;

  private Path dir;
  private ScheduledExecutorService appender;

  @BeforeEach
  void scratch() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "stillwater-progress-")
        : Files.createTempDirectory("stillwater-progress-");
    appender = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void cleanUp() throws IOException {
    appender.shutdownNow();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static GenerationRun streamStatus(List<String> backend, String... args) {
    return GenerationRun.of("stream-status", backend, args);
  }

  /** Appends the backlog now, then 3 events every 200 ms (the live stream) until the test ends. */
  private void liveEvents(EmbeddedEventLog log) throws IOException {
    log.appendLines(TestEvents.lines(0, BACKLOG));
    AtomicInteger next = new AtomicInteger(BACKLOG);
    appender.scheduleAtFixedRate(() -> log.appendLines(TestEvents.lines(next.getAndAdd(3), 3)), 200, 200,
        TimeUnit.MILLISECONDS);
  }

  private void reportsCaughtUpOnceTheStreamHasAppliedWhatArrived(Path workspace, List<String> backend,
      List<String> streamArgs, int parallelism, StoreLocation store) throws IOException {
    GenerationRun before = streamStatus(backend, "--slot", "blue");
    assertThat(before.code()).as(before.out() + before.err()).isEqualTo(1);
    assertThat(before.out()).contains("no_progress");

    liveEvents(EmbeddedEventLog.inWorkspace(workspace));
    StreamMetrics.reset();
    List<String> args = new ArrayList<>(List.of("--workspace=" + workspace, "--slot=blue", "--startAt=TRIM_HORIZON",
        "--archiveWindowSeconds=2"));
    args.addAll(streamArgs);
    StreamOptions options = FlinkStreamRunner.options(args.toArray(String[]::new));
    FlinkStreamRunner.Run run = FlinkStreamRunner.start(options,
        new FlinkStreamRunner.Settings(dir.resolve("checkpoints"), Duration.ofSeconds(10), false, parallelism));
    try {
      GenerationRun caughtUp = streamStatus(backend, "--slot", "blue", "--wait-caught-up", "--timeout", "5m");
      assertThat(caughtUp.code()).as(caughtUp.out() + caughtUp.err()).isZero();
      assertThat(caughtUp.out()).contains("slot blue").contains("caught_up").contains("users-");

      // The records' counts go past the backlog into the live events. Not necessarily at the moment of caught-up:
      // the backlog arrived all at once, so a writer whose first bundles applied part of it within 2 s of its
      // arrival is already caught up, and counts are written at most every 5 s (seen in CI: 186 of 200).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long usersApplied = usersApplied(store);
      while (usersApplied < BACKLOG && System.nanoTime() < deadline) {
        sleepQuietly(500); // polling the store for the next progress write
        usersApplied = usersApplied(store);
      }
      assertThat(usersApplied).isGreaterThanOrEqualTo(BACKLOG);

      GenerationRun green = streamStatus(backend, "--slot", "green");
      assertThat(green.code()).isEqualTo(1);
      assertThat(green.out()).contains("no_progress");
    } finally {
      run.result().cancel();
    }
  }

  private static long usersApplied(StoreLocation store) {
    return store.progress().read(Slot.BLUE).stream().filter(r -> r.writer().startsWith("users-"))
        .mapToLong(StreamProgress::eventsApplied).sum();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void the_stream_into_the_embedded_store_is_reported_caught_up_once_it_has_applied_what_arrived() throws IOException {
    Path workspace = dir.resolve("ws");
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      reportsCaughtUpOnceTheStreamHasAppliedWhatArrived(workspace, List.of("--workspace", workspace.toString()),
          List.of(), 1, store);
    }
  }

  @Test
  void the_stream_into_dynamodb_at_parallelism_2_is_reported_caught_up_once_every_writer_has_applied_what_arrived()
      throws Exception {
    Path workspace = dir.resolve("ws");
    try (Dynalite dynalite = Dynalite.start()) {
      URI endpoint = dynalite.endpoint();
      String prefix = "flink" + System.nanoTime();
      try (StoreLocation store = StoreLocation.dynamoDb(prefix, Optional.of(endpoint))) {
        reportsCaughtUpOnceTheStreamHasAppliedWhatArrived(workspace,
            List.of("--backend", "dynamodb", "--dynamodb-endpoint", endpoint.toString(), "--table-prefix", prefix),
            List.of("--storeBackend=dynamodb", "--dynamoEndpoint=" + endpoint, "--tablePrefix=" + prefix), 2, store);
        assertThat(store.progress().read(Slot.BLUE).stream().filter(r -> r.writer().startsWith("users-")).count())
            .as("one record per writer: two user folds at parallelism 2").isGreaterThanOrEqualTo(2);
      }
    }
  }
}
