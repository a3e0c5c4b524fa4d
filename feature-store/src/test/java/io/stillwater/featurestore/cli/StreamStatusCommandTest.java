package io.stillwater.featurestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.featurestore.StoreLocation;
import io.stillwater.featurestore.dynamodb.Dynalite;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.CatchUp;
import io.stillwater.featurestore.progress.StreamProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generation stream-status} over progress records on the embedded store and on DynamoDB (dynalite). */
class StreamStatusCommandTest {

  @TempDir Path workspace;

  private static GenerationRun run(List<String> backend, String... args) {
    return GenerationRun.of("stream-status", backend, args);
  }

  private List<String> embedded() {
    return List.of("--workspace", workspace.toString());
  }

  /** A record just written whose newest event arrived {@code lagMs} before it was stored. */
  private static StreamProgress justWritten(Slot slot, String writer, long lagMs) {
    long now = System.currentTimeMillis();
    return new StreamProgress(slot, writer, now - lagMs, now, 120, 80);
  }

  private void reportsCaughtUpOnlyForASlotWhoseStreamHasAppliedWhatArrived(List<String> backend, StoreLocation store)
      throws Exception {
    GenerationRun never = run(backend, "--slot", "green");
    assertThat(never.code()).as(never.err()).isEqualTo(1);
    assertThat(never.out()).contains("slot green").contains("no_progress");

    store.progress().write(justWritten(Slot.GREEN, "users-aaaa", 150));
    store.progress().write(justWritten(Slot.GREEN, "content-bbbb", 300));
    store.progress().write(justWritten(Slot.BLUE, "users-cccc", 45_000));

    GenerationRun green = run(backend, "--slot", "green");
    assertThat(green.code()).as(green.err()).isZero();
    assertThat(green.out()).contains("caught_up").contains("users-aaaa").contains("content-bbbb");

    GenerationRun blue = run(backend, "--slot", "blue");
    assertThat(blue.code()).isEqualTo(1);
    assertThat(blue.out()).contains("behind").contains("users-cccc");

    JsonNode json = new ObjectMapper().readTree(run(backend, "--slot", "blue", "--format", "json").out());
    assertThat(json.get("slot").asText()).isEqualTo("blue");
    assertThat(json.get("state").asText()).isEqualTo("behind");
    assertThat(json.get("caught_up").asBoolean()).isFalse();
    assertThat(json.get("max_lag_ms").asLong()).isEqualTo(CatchUp.CAUGHT_UP_MS);
    JsonNode writer = json.get("writers").get(0);
    assertThat(writer.get("writer").asText()).isEqualTo("users-cccc");
    assertThat(writer.get("lag_ms").asLong()).isEqualTo(45_000);
    assertThat(writer.get("events_applied").asLong()).isEqualTo(120);
    assertThat(writer.get("rows_written").asLong()).isEqualTo(80);
    assertThat(Instant.parse(writer.get("updated_at").asText())).isBefore(Instant.parse(json.get("checked_at").asText()).plusMillis(1));

    // a larger --max-lag accepts the same record
    assertThat(run(backend, "--slot", "blue", "--max-lag", "60s").code()).isZero();
  }

  @Test
  void the_embedded_store_reports_caught_up_for_a_slot_whose_stream_applied_what_arrived_and_not_for_one_behind()
      throws Exception {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      reportsCaughtUpOnlyForASlotWhoseStreamHasAppliedWhatArrived(embedded(), store);
    }
  }

  @Test
  void dynamodb_reports_caught_up_for_a_slot_whose_stream_applied_what_arrived_and_not_for_one_behind() throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      String prefix = "status" + System.nanoTime();
      List<String> backend = List.of("--backend", "dynamodb", "--dynamodb-endpoint", dynalite.endpoint().toString(),
          "--table-prefix", prefix);
      try (StoreLocation store = StoreLocation.dynamoDb(prefix, Optional.of(dynalite.endpoint()))) {
        reportsCaughtUpOnlyForASlotWhoseStreamHasAppliedWhatArrived(backend, store);
      }
    }
  }

  @Test
  void without_slot_it_reports_the_standby_slot() {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      store.progress().write(justWritten(Slot.BLUE, "users-aaaa", 10));
    }
    GenerationRun r = run(embedded()); // nothing live: the standby slot is blue
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("slot blue");
  }

  @Test
  void progress_written_before_the_slots_generation_was_loaded_does_not_count() {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
      store.progress().write(new StreamProgress(Slot.GREEN, "users-old", hourAgo - 10, hourAgo, 5, 5));
      store.registry().begin(Slot.GREEN, "model-b", "v1", "snap", Instant.parse("2026-11-20T00:00:00Z"), null);
    }
    GenerationRun r = run(embedded(), "--slot", "green");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("generation 1").contains("no_progress").doesNotContain("users-old");
  }

  @Test
  void a_stream_whose_writers_stopped_writing_is_idle_not_caught_up() {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
      store.progress().write(new StreamProgress(Slot.GREEN, "users-aaaa", tenMinutesAgo - 5, tenMinutesAgo, 5, 5));
    }
    GenerationRun r = run(embedded(), "--slot", "green");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("idle").contains("inactive");
  }

  @Test
  void waiting_for_a_stream_that_stays_behind_ends_at_the_timeout_with_status_3() {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      store.progress().write(justWritten(Slot.GREEN, "users-aaaa", 600_000));
    }
    GenerationRun r = run(embedded(), "--slot", "green", "--wait-caught-up", "--timeout", "1s");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("did not catch up within").contains("behind");
    assertThat(r.out()).contains("behind");
  }

  @Test
  void waiting_returns_0_once_the_stream_writes_a_caught_up_record() throws Exception {
    try (StoreLocation store = StoreLocation.embedded(workspace)) {
      store.progress().write(justWritten(Slot.GREEN, "users-aaaa", 600_000));
      CompletableFuture<GenerationRun> waiting = CompletableFuture.supplyAsync(
          () -> run(embedded(), "--slot", "green", "--wait-caught-up", "--timeout", "5m"));
      store.progress().write(justWritten(Slot.GREEN, "users-aaaa", 200)); // the stream reaches the head
      GenerationRun r = waiting.get(5, TimeUnit.MINUTES);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("caught_up");
    }
  }

  @Test
  void bad_arguments_are_one_line_naming_the_option_and_status_2() {
    GenerationRun slot = run(embedded(), "--slot", "purple");
    assertThat(slot.code()).isEqualTo(2);
    assertThat(slot.err().strip()).doesNotContain("\n").contains("--slot").contains("purple").contains("blue or green");
    GenerationRun timeout = run(embedded(), "--wait-caught-up", "--timeout", "0s");
    assertThat(timeout.code()).isEqualTo(2);
    assertThat(timeout.err()).contains("--timeout");
    GenerationRun lag = run(embedded(), "--max-lag", "soon");
    assertThat(lag.code()).isEqualTo(2);
    assertThat(lag.err()).contains("--max-lag");
    GenerationRun format = run(embedded(), "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format");
  }
}
