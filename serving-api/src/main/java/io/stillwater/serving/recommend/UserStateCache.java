package io.stillwater.serving.recommend;

import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.featurestore.store.StoredState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded user states, so a user's stored bytes are decoded once rather than on every request: an entry is
 * reused only while the stored bytes are equal to the ones it was decoded from (so a state the stream updated,
 * or another generation's, is decoded again). Values are still computed from the state at each request's instant.
 * The most recently used {@code capacity} users are kept.
 *
 * <p>A decoded state is only read (never updated) by {@code UserFeatures.valuesAt}, so requests may share it.
 */
final class UserStateCache {

  private record Entry(byte[] bytes, UserFeatureState state) {}

  private final Map<String, Entry> entries;

  UserStateCache(int capacity) {
    this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  UserFeatureState decode(StoredState stored) {
    Entry e;
    synchronized (entries) {
      e = entries.get(stored.id());
    }
    if (e != null && Arrays.equals(e.bytes(), stored.state())) {
      return e.state();
    }
    UserFeatureState state = StateCodec.decodeUser(stored.state());
    synchronized (entries) {
      entries.put(stored.id(), new Entry(stored.state(), state));
    }
    return state;
  }
}
