package io.stillwater.pipelines.streaming;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in 1 ms buckets up to 10 minutes (one overflow bucket beyond), lock-free to record: percentiles
 * exact to the millisecond without keeping samples. Negative latencies (clock skew) count as 0.
 */
public final class LatencyHistogram {

  static final int MAX_MS = 600_000;
  private final AtomicLongArray buckets = new AtomicLongArray(MAX_MS + 1);

  public void record(long ms) {
    buckets.incrementAndGet((int) Math.max(0, Math.min(ms, MAX_MS)));
  }

  /** Percentiles of what was recorded, and resets (for per-interval figures). */
  public Summary drain() {
    long[] copy = new long[MAX_MS + 1];
    for (int i = 0; i <= MAX_MS; i++) {
      copy[i] = buckets.getAndSet(i, 0);
    }
    return Summary.of(copy);
  }

  public Summary summary() {
    long[] copy = new long[MAX_MS + 1];
    for (int i = 0; i <= MAX_MS; i++) {
      copy[i] = buckets.get(i);
    }
    return Summary.of(copy);
  }

  /** Count and p50/p99/max in ms; percentiles are null when nothing was recorded. */
  public record Summary(long count, Long p50, Long p99, Long max) {
    static Summary of(long[] counts) {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      if (n == 0) {
        return new Summary(0, null, null, null);
      }
      return new Summary(n, rank(counts, n, 0.50), rank(counts, n, 0.99), rank(counts, n, 1.0));
    }

    /** Nearest rank. */
    private static long rank(long[] counts, long n, double q) {
      long target = Math.max(1, (long) Math.ceil(q * n));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= target) {
          return i;
        }
      }
      return counts.length - 1;
    }
  }
}
