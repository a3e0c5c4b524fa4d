package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.CatchUp;
import io.stillwater.featurestore.progress.StreamProgress;
import io.stillwater.featurestore.progress.StreamProgressStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a store writer's progress is written: after commits, throttled, at once on turning caught up. */
class ProgressRecorderTest {

  /** The records written, in order; fails on demand like a store that is down. */
  private static final class RecordingStore implements StreamProgressStore {
    final List<StreamProgress> written = new ArrayList<>();
    boolean down;

    @Override
    public void write(StreamProgress progress) {
      if (down) {
        throw new IllegalStateException("store down");
      }
      written.add(progress);
    }

    @Override
    public List<StreamProgress> read(Slot slot) {
      return List.copyOf(written);
    }
  }

  private final RecordingStore store = new RecordingStore();
  private final ProgressRecorder recorder = new ProgressRecorder(store, Slot.GREEN, "users-test", Duration.ofSeconds(5));

  private void bundle(long nowMs, long rows, long... arrivals) {
    recorder.bundleStarted();
    for (long a : arrivals) {
      recorder.applied(a);
    }
    recorder.committed(rows, nowMs);
  }

  @Test
  void the_first_commit_is_recorded_then_at_most_every_interval_while_the_state_stays_the_same() {
    bundle(100_000, 3, 10_000, 12_000); // far behind
    bundle(101_000, 1, 13_000);
    bundle(104_999, 1, 14_000);
    assertThat(store.written).hasSize(1);
    assertThat(store.written.get(0)).isEqualTo(new StreamProgress(Slot.GREEN, "users-test", 12_000, 100_000, 2, 3));

    bundle(105_000, 2, 15_000);
    assertThat(store.written).hasSize(2);
    assertThat(store.written.get(1)).isEqualTo(new StreamProgress(Slot.GREEN, "users-test", 15_000, 105_000, 5, 7));
  }

  @Test
  void turning_caught_up_is_recorded_at_once_so_a_stream_that_then_goes_quiet_does_not_keep_saying_behind() {
    bundle(100_000, 1, 10_000);
    bundle(100_500, 1, 100_500 - CatchUp.CAUGHT_UP_MS);
    assertThat(store.written).hasSize(2);
    assertThat(store.written.get(1).lagMs()).isEqualTo(CatchUp.CAUGHT_UP_MS);
  }

  @Test
  void a_bundle_whose_commit_never_returned_is_not_claimed() {
    bundle(100_000, 1, 99_000);
    recorder.bundleStarted();
    recorder.applied(150_000); // the commit fails: the runner retries the bundle, this one never commits
    recorder.flush(); // the worker goes away
    assertThat(store.written).hasSize(1); // nothing new was committed
    assertThat(store.written.get(0).newestArrivalMs()).isEqualTo(99_000);
  }

  @Test
  void what_is_committed_but_not_yet_written_is_written_when_the_worker_goes_away_as_of_its_commit() {
    bundle(100_000, 1, 99_000);
    bundle(101_000, 4, 100_500);
    recorder.flush();
    assertThat(store.written).hasSize(2);
    assertThat(store.written.get(1)).isEqualTo(new StreamProgress(Slot.GREEN, "users-test", 100_500, 101_000, 2, 5));
  }

  @Test
  void a_failed_progress_write_does_not_fail_the_bundle_and_is_written_after_the_next_commit() {
    store.down = true;
    bundle(100_000, 1, 99_000);
    assertThat(store.written).isEmpty();
    store.down = false;
    bundle(100_200, 1, 99_100);
    assertThat(store.written).hasSize(1);
    assertThat(store.written.get(0).eventsApplied()).isEqualTo(2);
  }
}
