package io.stillwater.pipelines.streaming;

import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.CatchUp;
import io.stillwater.featurestore.progress.StreamProgress;
import io.stillwater.featurestore.progress.StreamProgressStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store writer's {@link StreamProgress}: what it has applied, written to the progress store only after a
 * commit (so a record never claims an event that is not in the store), and at most every {@code every}, except
 * that a change between caught up and behind is written at once: otherwise a stream that catches up and then
 * goes quiet would keep saying "behind". A failed write is logged and skipped: progress is a signal for
 * operators and must not stop the features.
 */
final class ProgressRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressRecorder.class);

  private final StreamProgressStore store;
  private final Slot slot;
  private final String writer;
  private final long everyMs;
  private long newestArrivalMs = Long.MIN_VALUE;
  private long eventsApplied;
  private long rowsWritten;
  /** The bundle in progress: counted only when its commit returns (a failed bundle is read again). */
  private long bundleNewestArrivalMs = Long.MIN_VALUE;
  private long bundleEvents;
  /** Applied and committed, not yet in a written record. */
  private boolean unwritten;
  private long lastCommitAtMs;
  private long lastWrittenAtMs = Long.MIN_VALUE;
  private boolean lastWrittenCaughtUp;

  ProgressRecorder(StreamProgressStore store, Slot slot, String writer, Duration every) {
    this.store = store;
    this.slot = slot;
    this.writer = writer;
    this.everyMs = every.toMillis();
  }

  /** A bundle begins: forgets what a failed bundle before it had taken. */
  void bundleStarted() {
    bundleNewestArrivalMs = Long.MIN_VALUE;
    bundleEvents = 0;
  }

  /** An event of this bundle taken from the stream (folded or skipped as already stored). */
  void applied(long arrivalMs) {
    bundleNewestArrivalMs = Math.max(bundleNewestArrivalMs, arrivalMs);
    bundleEvents++;
  }

  /** The bundle's store transaction returned at {@code nowMs}, having written {@code rows}. */
  void committed(long rows, long nowMs) {
    if (bundleEvents > 0) {
      newestArrivalMs = Math.max(newestArrivalMs, bundleNewestArrivalMs);
      eventsApplied += bundleEvents;
      unwritten = true;
    }
    bundleStarted();
    rowsWritten += rows;
    lastCommitAtMs = nowMs;
    if (!unwritten) {
      return;
    }
    boolean caughtUp = nowMs - newestArrivalMs <= CatchUp.CAUGHT_UP_MS;
    if (lastWrittenAtMs == Long.MIN_VALUE || nowMs - lastWrittenAtMs >= everyMs || caughtUp != lastWrittenCaughtUp) {
      write(nowMs, caughtUp);
    }
  }

  /** Writes what is not written yet, as of the last commit (the worker is going away). */
  void flush() {
    if (unwritten) {
      write(lastCommitAtMs, lastCommitAtMs - newestArrivalMs <= CatchUp.CAUGHT_UP_MS);
    }
  }

  private void write(long nowMs, boolean caughtUp) {
    try {
      store.write(new StreamProgress(slot, writer, newestArrivalMs, nowMs, eventsApplied, rowsWritten));
      unwritten = false;
      lastWrittenAtMs = nowMs;
      lastWrittenCaughtUp = caughtUp;
    } catch (RuntimeException e) {
      LOG.warn("could not record the stream's progress into {} as {} (the features are written; retried after the "
          + "next bundle): {}", slot.wireName(), writer, e.toString());
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
