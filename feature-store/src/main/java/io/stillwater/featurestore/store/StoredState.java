package io.stillwater.featurestore.store;

import io.stillwater.features.definition.Entity;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entity's row in the online store: its {@code StateCodec} bytes and the event time of the newest event
 * folded into them ({@link #NO_EVENTS} when none). Values are computed from the state at read time, so a
 * 24-hour count read tomorrow is still right.
 */
public record StoredState(Entity entity, String id, long newestEventMs, byte[] state) {

  /** newestEventMs of a state that holds no events (a null newest_event_ts in a snapshot). */
  public static final long NO_EVENTS = Long.MIN_VALUE;

  public StoredState {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    if (entity == Entity.CONTEXT) {
      throw new IllegalArgumentException("context features are computed when scoring, never stored");
    }
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty entity id");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredState s && entity == s.entity && id.equals(s.id) && newestEventMs == s.newestEventMs
        && Arrays.equals(state, s.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entity, id, newestEventMs) * 31 + Arrays.hashCode(state);
  }

  @Override
  public String toString() {
    return entity.wireName() + ":" + id + "@" + newestEventMs + " (" + state.length + " B)";
  }
}
