package io.stillwater.featurestore.progress;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stillwater.featurestore.generation.Slot;

/**
 * One writer's progress into a slot, as the streaming pipeline's store-writing step records it after a commit:
 * how far along the stream the data it has applied reaches, and when it applied it. Written by whatever runs
 * the pipeline (the embedded Flink cluster, Managed Flink, the DirectRunner), read by
 * {@code stillwater generation stream-status}, so a caught-up signal exists wherever the store is.
 *
 * @param writer one instance of the store-writing step ({@code users-…} or {@code content-…}); every instance of
 *     every run has its own id, so parallel writers and restarts never overwrite each other
 * @param newestArrivalMs arrival time in the stream (log append or Kinesis arrival) of the newest event this writer
 *     has applied (folded into the store, or skipped as already in it)
 * @param appliedAtMs the writer's wall clock when the store commit holding that event had returned
 * @param eventsApplied events this writer has applied since it started
 * @param rowsWritten rows it has written to the store since it started
 */
public record StreamProgress(
    @JsonProperty("slot") Slot slot,
    @JsonProperty("writer") String writer,
    @JsonProperty("newest_arrival_ms") long newestArrivalMs,
    @JsonProperty("applied_at_ms") long appliedAtMs,
    @JsonProperty("events_applied") long eventsApplied,
    @JsonProperty("rows_written") long rowsWritten) {

  public StreamProgress {
    if (slot == null) {
      throw new IllegalArgumentException("stream progress: slot is missing");
    }
    if (writer == null || !writer.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw new IllegalArgumentException("stream progress: writer must be 1-100 of [A-Za-z0-9_.-], got '" + writer + "'");
    }
  }

  /**
   * How far behind the stream's head this writer was when it wrote: arrival of the newest applied event to the
   * moment it was in the store. Small means the writer had applied all that had arrived.
   */
  @JsonIgnore
  public long lagMs() {
    return Math.max(0, appliedAtMs - newestArrivalMs);
  }
}
