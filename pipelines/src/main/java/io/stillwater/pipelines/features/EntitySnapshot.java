package io.stillwater.pipelines.features;

import io.stillwater.features.state.FeatureVector;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entity's feature state as of the run's watermark: the encoded state a store generation is loaded from,
 * and its values at that time for analysts.
 *
 * @param newestEventMs event time of the newest event folded into the state
 */
public record EntitySnapshot(String entityId, long newestEventMs, byte[] state, FeatureVector values)
    implements Serializable {

  /** By content: the state bytes compare as bytes (Beam checks decoded copies for equality). */
  @Override
  public boolean equals(Object o) {
    return o instanceof EntitySnapshot other && entityId.equals(other.entityId) && newestEventMs == other.newestEventMs
        && Arrays.equals(state, other.state) && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entityId, newestEventMs, Arrays.hashCode(state), values);
  }
}
