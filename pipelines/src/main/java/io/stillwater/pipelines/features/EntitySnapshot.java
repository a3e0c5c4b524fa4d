package io.stillwater.pipelines.features;

import io.stillwater.features.state.FeatureVector;
import java.io.Serializable;

/**
 * One entity's feature state as of the run's watermark: the encoded state a store generation is loaded from,
 * and its values at that time for analysts.
 *
 * @param newestEventMs event time of the newest event folded into the state
 */
public record EntitySnapshot(String entityId, long newestEventMs, byte[] state, FeatureVector values)
    implements Serializable {}
