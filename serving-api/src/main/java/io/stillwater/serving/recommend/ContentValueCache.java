package io.stillwater.serving.recommend;

import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.featurestore.store.StoredState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Content feature values at request time without reading and decoding every candidate's state on every
 * request: an item's values are computed once per second per generation, from its state as stored at that
 * moment. So content values are exact to the second (user values are computed per request); a state the stream
 * updates is seen within a second.
 *
 * <p>Measured (BENCHMARKS.md): reading, decoding and windowing ~200 content states per request was most of the
 * API's cost.
 */
final class ContentValueCache {

  private record Entry(int generation, long second, FeatureVector values) {}

  private final ContentFeatures contentFeatures;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ContentValueCache(ContentFeatures contentFeatures) {
    this.contentFeatures = contentFeatures;
  }

  /**
   * Values of {@code contentIds} at {@code now} (to the second) in {@code generation}; {@code read} fetches the
   * stored states of the items not computed yet this second (missing ids: no events).
   */
  Map<String, FeatureVector> valuesAt(int generation, Collection<String> contentIds, Instant now,
      Function<Collection<String>, Map<String, StoredState>> read) {
    long second = now.getEpochSecond();
    Map<String, FeatureVector> out = new HashMap<>(contentIds.size() * 2);
    List<String> stale = new ArrayList<>();
    for (String id : contentIds) {
      Entry e = entries.get(id);
      if (e != null && e.generation() == generation && e.second() == second) {
        out.put(id, e.values());
      } else {
        stale.add(id);
      }
    }
    if (!stale.isEmpty()) {
      Map<String, StoredState> states = read.apply(stale);
      Instant asOf = Instant.ofEpochSecond(second);
      for (String id : stale) {
        StoredState s = states.get(id);
        ContentFeatureState state = s == null ? new ContentFeatureState() : StateCodec.decodeContent(s.state());
        FeatureVector values = contentFeatures.valuesAt(id, state, asOf);
        entries.put(id, new Entry(generation, second, values));
        out.put(id, values);
      }
    }
    return out;
  }
}
