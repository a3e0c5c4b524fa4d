package io.stillwater.featurestore.generation;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Two generations whose every row names its generation, so a read can tell which one answered it. */
public final class FlipFixture {
  static final int KEYS = 20;

  static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      ids.add("u_" + i);
    }
    return ids;
  }

  /** Loads {@code slot} directly (no snapshot) with rows tagged "g<number>", marks it ready and verified. */
  static Generation generation(GenerationRegistry registry, Function<Slot, OnlineStore> opener, Slot slot) {
    Generation g = registry.begin(slot, "model-" + slot.wireName(), "v1", "(fixture)", null, null);
    try (OnlineStore store = opener.apply(slot)) {
      store.clear();
      List<StoredState> rows = new ArrayList<>();
      for (String id : ids()) {
        rows.add(new StoredState(Entity.USER, id, 1_000 + g.number(), ("g" + g.number()).getBytes(StandardCharsets.UTF_8)));
      }
      store.upsert(rows);
    }
    registry.markReady(g.number(), KEYS);
    return registry.markVerified(g.number());
  }

  /**
   * Reads every key through one view; returns the generation that answered, or throws if any row is missing
   * or from another generation.
   */
  static int readAll(LiveFeatureReader.LiveView view) {
    Map<String, StoredState> got = view.getAll(Entity.USER, ids());
    int g = view.generation().number();
    if (got.size() != KEYS) {
      throw new AssertionError("generation " + g + " answered " + got.size() + " of " + KEYS + " keys");
    }
    for (StoredState s : got.values()) {
      String tag = new String(s.state(), StandardCharsets.UTF_8);
      if (!tag.equals("g" + g)) {
        throw new AssertionError("view of generation " + g + " read " + tag + " for " + s.id());
      }
    }
    // And point reads through the same view.
    for (String id : List.of("u_0", "u_" + (KEYS - 1))) {
      String tag = new String(view.get(Entity.USER, id).orElseThrow().state(), StandardCharsets.UTF_8);
      if (!tag.equals("g" + g)) {
        throw new AssertionError("view of generation " + g + " read " + tag + " for " + id);
      }
    }
    return g;
  }

  private FlipFixture() {}
}
