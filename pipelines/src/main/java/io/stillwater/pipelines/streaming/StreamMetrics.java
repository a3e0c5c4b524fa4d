package io.stillwater.pipelines.streaming;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The streaming pipeline's live figures in this JVM, for the progress line and the status file: records read,
 * rows upserted, the source position, and freshness (event time → visible in the store) and lag (arrival in
 * the stream → visible). Beam metrics carry the same counts to the runner, but they are only readable from the
 * job's result, and a Beam distribution has no percentiles; these are read by {@link StreamStatusReporter}.
 *
 * <p>JVM-wide on purpose: the DoFns run inside the same process as the reporter with the embedded Flink
 * mini-cluster and the DirectRunner. On a cluster each worker has its own (the Beam metrics still aggregate).
 */
public final class StreamMetrics {

  public static final LongAdder RECORDS_READ = new LongAdder();
  public static final LongAdder EVENTS_FOLDED = new LongAdder();
  public static final LongAdder ROWS_UPSERTED = new LongAdder();
  public static final LongAdder ROWS_IGNORED = new LongAdder();
  /** The embedded source's next offset (or -1 for Kinesis). */
  public static final AtomicLong POSITION = new AtomicLong(-1);
  /** Arrival time of the newest record read. */
  public static final AtomicLong LAST_ARRIVAL_MS = new AtomicLong(Long.MIN_VALUE);
  /** Event time → committed in the store. */
  public static final LatencyHistogram FRESHNESS = new LatencyHistogram();
  /** Arrival in the stream → committed in the store. */
  public static final LatencyHistogram LAG = new LatencyHistogram();
  /** Freshness over the whole run (the interval figures are drained by the reporter). */
  public static final LatencyHistogram FRESHNESS_TOTAL = new LatencyHistogram();

  private StreamMetrics() {}

  /** For tests and a second pipeline in one JVM. */
  public static void reset() {
    RECORDS_READ.reset();
    EVENTS_FOLDED.reset();
    ROWS_UPSERTED.reset();
    ROWS_IGNORED.reset();
    POSITION.set(-1);
    LAST_ARRIVAL_MS.set(Long.MIN_VALUE);
    FRESHNESS.drain();
    LAG.drain();
    FRESHNESS_TOTAL.drain();
  }
}
