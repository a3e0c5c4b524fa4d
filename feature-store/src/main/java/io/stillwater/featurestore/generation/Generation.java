package io.stillwater.featurestore.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One build of the online store in one slot, tied to one model and one feature-schema version.
 *
 * @param snapshot the snapshot directory it was loaded from
 * @param backfillWatermark the snapshot's as-of: the batch history covers events before it
 * @param streamStartPosition where streaming into this slot starts (the stream position at the watermark),
 *     null until known
 * @param rowsLoaded rows written by the load (users + contents), -1 while building
 * @param verifiedAt when verify last passed, null if never (promote refuses)
 * @param replaces the generation that was in this slot before, or 0
 */
public record Generation(
    @JsonProperty("generation") int number,
    @JsonProperty("slot") Slot slot,
    @JsonProperty("model_id") String modelId,
    @JsonProperty("feature_schema_version") String featureSchemaVersion,
    @JsonProperty("snapshot") String snapshot,
    @JsonProperty("backfill_watermark") Instant backfillWatermark,
    @JsonProperty("stream_start_position") String streamStartPosition,
    @JsonProperty("state") GenerationState state,
    @JsonProperty("rows_loaded") long rowsLoaded,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("ready_at") Instant readyAt,
    @JsonProperty("verified_at") Instant verifiedAt,
    @JsonProperty("live_since") Instant liveSince,
    @JsonProperty("retired_at") Instant retiredAt) {

  Generation withState(GenerationState s, Instant now) {
    return new Generation(number, slot, modelId, featureSchemaVersion, snapshot, backfillWatermark,
        streamStartPosition, s, rowsLoaded, createdAt,
        s == GenerationState.READY ? now : readyAt, verifiedAt,
        s == GenerationState.LIVE ? now : liveSince,
        s == GenerationState.RETIRED ? now : retiredAt);
  }

  Generation ready(long rows, Instant now) {
    return new Generation(number, slot, modelId, featureSchemaVersion, snapshot, backfillWatermark,
        streamStartPosition, GenerationState.READY, rows, createdAt, now, null, liveSince, retiredAt);
  }

  Generation verified(Instant now) {
    return new Generation(number, slot, modelId, featureSchemaVersion, snapshot, backfillWatermark,
        streamStartPosition, state, rowsLoaded, createdAt, readyAt, now, liveSince, retiredAt);
  }

  Generation withStreamStart(String position) {
    return new Generation(number, slot, modelId, featureSchemaVersion, snapshot, backfillWatermark,
        position, state, rowsLoaded, createdAt, readyAt, verifiedAt, liveSince, retiredAt);
  }
}
