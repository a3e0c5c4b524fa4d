package io.stillwater.featurestore.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a slot's stream has caught up, judged from its writers' {@link StreamProgress} records.
 *
 * <p>A writer is <b>caught up</b> when the newest event it had applied arrived at most {@code maxLag} before that
 * event was in the store ({@link StreamProgress#lagMs()}): it had applied everything that had arrived. Only
 * records of the current generation count (written at or after {@code since}, when its load began), and only
 * <b>active</b> writers: those whose record is at most {@code activeWithin} old (writers write at least every few
 * seconds while events come in, so an older record is a writer that stopped, or one with nothing to do, such
 * as the content fold while only biometrics arrive). The slot is:
 * <ul>
 *   <li>{@link State#CAUGHT_UP}: at least one active writer, and every active writer is caught up;</li>
 *   <li>{@link State#BEHIND}: an active writer is not caught up;</li>
 *   <li>{@link State#IDLE}: records of this generation, none active: the stream either has had no events for
 *       {@code activeWithin} or is not running. Nothing here can tell which, so it is not caught up; posting one
 *       event (any type) makes a running stream write again;</li>
 *   <li>{@link State#NO_PROGRESS}: no record of this generation: no stream has applied anything to it.</li>
 * </ul>
 */
public final class CatchUp {

  /**
   * Lag at or under which a stream counts as caught up: about one progress interval. The one threshold for the
   * status file, the progress records and {@code generation stream-status}.
   */
  public static final long CAUGHT_UP_MS = 2_000;

  /** A writer whose record is older than this has stopped or has nothing to apply. */
  public static final Duration ACTIVE_WITHIN = Duration.ofSeconds(60);

  public enum State {
    CAUGHT_UP, BEHIND, IDLE, NO_PROGRESS;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  /** One writer as judged now. */
  public record Writer(StreamProgress progress, long ageMs, boolean active, boolean caughtUp) {}

  /** The slot's state and its writers (this generation's, newest first). */
  public record Verdict(State state, List<Writer> writers) {
    public boolean caughtUp() {
      return state == State.CAUGHT_UP;
    }
  }

  private CatchUp() {}

  public static Verdict judge(List<StreamProgress> records, Instant since, Instant now, Duration maxLag,
      Duration activeWithin) {
    List<Writer> writers = records.stream()
        .filter(p -> p.appliedAtMs() >= since.toEpochMilli())
        .sorted(Comparator.comparingLong(StreamProgress::appliedAtMs).reversed())
        .map(p -> {
          long age = Math.max(0, now.toEpochMilli() - p.appliedAtMs());
          return new Writer(p, age, age <= activeWithin.toMillis(), p.lagMs() <= maxLag.toMillis());
        })
        .toList();
    List<Writer> active = writers.stream().filter(Writer::active).toList();
    State state = writers.isEmpty() ? State.NO_PROGRESS
        : active.isEmpty() ? State.IDLE
        : active.stream().allMatch(Writer::caughtUp) ? State.CAUGHT_UP : State.BEHIND;
    return new Verdict(state, writers);
  }
}
