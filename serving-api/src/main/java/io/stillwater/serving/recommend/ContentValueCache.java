package io.stillwater.serving.recommend;

import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.featurestore.store.StoredState;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content feature values at request time without decoding every candidate's state on every request: an item's
 * values are recomputed when its stored state changes (byte comparison), when the generation changes, or when
 * the request is in a later second than the cached values. So values are exact to the second; every request
 * still reads the current state from the store.
 *
 * <p>Measured (BENCHMARKS.md): decoding and windowing ~200 content states per request was most of the API's cost.
 */
final class ContentValueCache {

  private record Entry(int generation, long second, byte[] state, FeatureVector values) {}

  private final ContentFeatures contentFeatures;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ContentValueCache(ContentFeatures contentFeatures) {
    this.contentFeatures = contentFeatures;
  }

  /** The item's values at {@code now} (to the second) from its stored state in {@code generation} (null: none). */
  FeatureVector valuesAt(int generation, String contentId, StoredState stored, Instant now) {
    long second = now.getEpochSecond();
    byte[] state = stored == null ? null : stored.state();
    Entry e = entries.get(contentId);
    if (e != null && e.generation() == generation && e.second() == second && Arrays.equals(e.state(), state)) {
      return e.values();
    }
    ContentFeatureState decoded = state == null ? new ContentFeatureState() : StateCodec.decodeContent(state);
    FeatureVector values = contentFeatures.valuesAt(contentId, decoded, Instant.ofEpochSecond(second));
    entries.put(contentId, new Entry(generation, second, state, values));
    return values;
  }
}
