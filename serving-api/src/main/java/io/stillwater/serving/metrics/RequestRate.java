package io.stillwater.serving.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Requests per second over the last minute, for the status page: a ring of per-second counts (Prometheus has
 * the full histograms; this is the number a person glances at).
 */
public final class RequestRate {

  private static final int SECONDS = 60;

  private final LongSupplier nowMillis;
  private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
  private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);

  public RequestRate(LongSupplier nowMillis) {
    this.nowMillis = nowMillis;
  }

  public void record() {
    long second = nowMillis.getAsLong() / 1000;
    int i = (int) (second % SECONDS);
    if (stamps.get(i) != second) {
      stamps.set(i, second);
      counts.set(i, 0);
    }
    counts.incrementAndGet(i);
  }

  /** Mean requests per second over the last full minute (the current, partial second left out). */
  public double perSecond() {
    long now = nowMillis.getAsLong() / 1000;
    long total = 0;
    for (int i = 0; i < SECONDS; i++) {
      long s = stamps.get(i);
      if (s < now && s >= now - SECONDS) {
        total += counts.get(i);
      }
    }
    return total / (double) SECONDS;
  }
}
