package io.stillwater.featurestore.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.generation.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {

  private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
  private static final Instant LOADED = NOW.minus(Duration.ofHours(1));
  private static final Duration MAX_LAG = Duration.ofMillis(CatchUp.CAUGHT_UP_MS);

  /** A record written {@code ageMs} before now, whose newest event arrived {@code lagMs} before that. */
  private static StreamProgress record(String writer, long ageMs, long lagMs) {
    long applied = NOW.toEpochMilli() - ageMs;
    return new StreamProgress(Slot.GREEN, writer, applied - lagMs, applied, 10, 5);
  }

  private static CatchUp.Verdict judge(StreamProgress... records) {
    return CatchUp.judge(List.of(records), LOADED, NOW, MAX_LAG, CatchUp.ACTIVE_WITHIN);
  }

  @Test
  void a_slot_no_stream_has_written_has_no_progress() {
    assertThat(judge().state()).isEqualTo(CatchUp.State.NO_PROGRESS);
  }

  @Test
  void records_written_before_the_generation_was_loaded_do_not_count() {
    StreamProgress previousGeneration = record("users-old", Duration.ofHours(2).toMillis(), 0);
    CatchUp.Verdict v = judge(previousGeneration);
    assertThat(v.state()).isEqualTo(CatchUp.State.NO_PROGRESS);
    assertThat(v.writers()).isEmpty();
  }

  @Test
  void every_active_writer_within_the_lag_is_caught_up() {
    CatchUp.Verdict v = judge(record("users-a", 1_000, 150), record("content-a", 4_000, CatchUp.CAUGHT_UP_MS));
    assertThat(v.state()).isEqualTo(CatchUp.State.CAUGHT_UP);
    assertThat(v.caughtUp()).isTrue();
    assertThat(v.writers()).extracting(w -> w.progress().writer()).containsExactly("users-a", "content-a");
  }

  @Test
  void one_active_writer_over_the_lag_makes_the_slot_behind() {
    CatchUp.Verdict v = judge(record("users-a", 1_000, 150), record("users-b", 2_000, CatchUp.CAUGHT_UP_MS + 1));
    assertThat(v.state()).isEqualTo(CatchUp.State.BEHIND);
    assertThat(v.writers().get(1).caughtUp()).isFalse();
  }

  @Test
  void a_writer_that_stopped_writing_is_not_counted_against_active_ones() {
    long stale = CatchUp.ACTIVE_WITHIN.toMillis() + 1;
    CatchUp.Verdict v = judge(record("users-a", 1_000, 150), record("users-restarted-away", stale, 600_000));
    assertThat(v.state()).isEqualTo(CatchUp.State.CAUGHT_UP);
    assertThat(v.writers().get(1).active()).isFalse();
  }

  @Test
  void records_of_this_generation_none_of_them_recent_are_idle_not_caught_up() {
    CatchUp.Verdict v = judge(record("users-a", CatchUp.ACTIVE_WITHIN.toMillis() + 1, 0));
    assertThat(v.state()).isEqualTo(CatchUp.State.IDLE);
    assertThat(v.caughtUp()).isFalse();
  }

  @Test
  void lag_is_arrival_of_the_newest_applied_event_to_its_commit() {
    assertThat(record("users-a", 0, 1_234).lagMs()).isEqualTo(1_234);
    // an arrival stamped after the commit (clock skew between the stream and the writer) is no lag, not negative
    assertThat(new StreamProgress(Slot.BLUE, "users-a", 2_000, 1_000, 1, 1).lagMs()).isZero();
  }
}
