package io.stillwater.serving.recommend;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.featurestore.store.StoredState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Content feature values at request time without reading and decoding every candidate's state on every
 * request: an item's values are computed once per second per generation, from its state as stored at that
 * moment. So content values are exact to the second (user values are computed per request); a state the stream
 * updates is seen within a second. The decoded state is kept with the bytes it came from and decoded again only
 * when the stored bytes change.
 *
 * <p>Measured (BENCHMARKS.md): reading, decoding and windowing ~200 content states per request was most of the
 * API's cost. Each item's numeric values are also kept as an array ({@link #NUMERIC} order), so the model's input
 * is filled from them by column instead of by name per candidate.
 */
final class ContentValueCache {

  /** The content entity's count and number features, registry order: the order of {@link Values#numbers}. */
  static final List<String> NUMERIC = FeatureRegistry.forEntity(Entity.CONTENT).stream()
      .filter(d -> d.type() != ValueType.VECTOR).map(FeatureDefinition::name).toList();

  /** One item's values: the vector, and its {@link #NUMERIC} values as doubles (NaN = missing). */
  record Values(FeatureVector vector, double[] numbers, double popularity) {
    static Values of(FeatureVector vector) {
      double[] numbers = new double[NUMERIC.size()];
      for (int i = 0; i < numbers.length; i++) {
        Object v = vector.values().get(NUMERIC.get(i));
        numbers[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
      // Read once per item and second here, not once per candidate and request.
      return new Values(vector, numbers, vector.number(RecommendationService.POPULARITY).orElse(0));
    }
  }

  /** Values at a second, and the stored bytes and decoded state they were computed from (null: no stored state). */
  private record Entry(int generation, long second, Values values, byte[] bytes, ContentFeatureState state) {}

  private final ContentFeatures contentFeatures;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ContentValueCache(ContentFeatures contentFeatures) {
    this.contentFeatures = contentFeatures;
  }

  /**
   * Values of {@code contentIds} at {@code now} (to the second) in {@code generation}, in the ids' order;
   * {@code read} fetches the stored states of the items not computed yet this second (missing ids: no events).
   */
  Values[] valuesAt(int generation, List<String> contentIds, Instant now,
      Function<Collection<String>, Map<String, StoredState>> read) {
    long second = now.getEpochSecond();
    Values[] out = new Values[contentIds.size()];
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      Entry e = entries.get(contentIds.get(i));
      if (e != null && e.generation() == generation && e.second() == second) {
        out[i] = e.values();
      } else {
        stale.add(i);
      }
    }
    if (!stale.isEmpty()) {
      refresh(generation, second, contentIds, stale, out, read);
    }
    return out;
  }

  /**
   * Computes the stale items' values. One request at a time: at each new second every request in flight finds
   * every item stale, and they would all read and compute the same 200 items; the ones that wait take the
   * values the first one computed.
   */
  private synchronized void refresh(int generation, long second, List<String> contentIds, List<Integer> stale,
      Values[] out, Function<Collection<String>, Map<String, StoredState>> read) {
    List<Integer> still = new ArrayList<>(stale.size());
    for (int i : stale) {
      Entry e = entries.get(contentIds.get(i));
      if (e != null && e.generation() == generation && e.second() == second) {
        out[i] = e.values();
      } else {
        still.add(i);
      }
    }
    if (still.isEmpty()) {
      return;
    }
    Map<String, StoredState> states = read.apply(still.stream().map(contentIds::get).toList());
    Instant asOf = Instant.ofEpochSecond(second);
    for (int i : still) {
      String id = contentIds.get(i);
      StoredState s = states.get(id);
      byte[] bytes = s == null ? null : s.state();
      // A new second with the same stored bytes (most items, most seconds): only the windows move on.
      Entry previous = entries.get(id);
      ContentFeatureState state = previous != null && Arrays.equals(previous.bytes(), bytes) ? previous.state()
          : bytes == null ? new ContentFeatureState() : StateCodec.decodeContent(bytes);
      Values values = Values.of(contentFeatures.valuesAt(id, state, asOf));
      entries.put(id, new Entry(generation, second, values, bytes, state));
      out[i] = values;
    }
  }
}
