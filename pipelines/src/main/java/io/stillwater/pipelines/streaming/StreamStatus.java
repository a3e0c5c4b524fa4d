package io.stillwater.pipelines.streaming;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The streaming pipeline's status, written every few seconds to {@code <workspace>/stream/status-<slot>.json} so
 * other commands ({@code retrain}, {@code generation}) can see where a slot's stream is and whether it has caught
 * up. Latencies in ms; null when there was nothing to measure in the interval.
 *
 * @param position the embedded source's next offset ({@code offset:N}), or null for Kinesis
 * @param lagMs now minus the arrival time of the newest record read (0 when caught up and idle)
 */
public record StreamStatus(
    @JsonProperty("slot") String slot,
    @JsonProperty("source") String source,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("position") String position,
    @JsonProperty("records_read") long recordsRead,
    @JsonProperty("events_folded") long eventsFolded,
    @JsonProperty("rows_written") long rowsWritten,
    @JsonProperty("events_per_s") double eventsPerSecond,
    @JsonProperty("lag_ms") Long lagMs,
    @JsonProperty("caught_up") boolean caughtUp,
    @JsonProperty("freshness_p50_ms") Long freshnessP50Ms,
    @JsonProperty("freshness_p99_ms") Long freshnessP99Ms,
    @JsonProperty("arrival_to_store_p50_ms") Long arrivalToStoreP50Ms,
    @JsonProperty("arrival_to_store_p99_ms") Long arrivalToStoreP99Ms,
    @JsonProperty("freshness_run_p50_ms") Long runFreshnessP50Ms,
    @JsonProperty("freshness_run_p99_ms") Long runFreshnessP99Ms) {

  /** The one-line progress form. */
  public String line() {
    return String.format("stream %s: %.0f events/s, %d read, %d folded, %d rows written, lag %s, freshness p50 %s p99 %s%s",
        slot, eventsPerSecond, recordsRead, eventsFolded, rowsWritten, ms(lagMs), ms(freshnessP50Ms), ms(freshnessP99Ms),
        position == null ? "" : ", at " + position);
  }

  private static String ms(Long v) {
    return v == null ? "-" : v + " ms";
  }
}
