package io.stillwater.featurestore.lmdb;

import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.store.OnlineStore;
import java.nio.file.Path;
import java.util.function.Function;

/** The embedded store's layout in a workspace: {@code <workspace>/store/blue}, {@code /green}, {@code registry.json}. */
public final class EmbeddedSlots {
  private EmbeddedSlots() {}

  public static Path slotDir(Path workspace, Slot slot) {
    return workspace.resolve("store").resolve(slot.wireName());
  }

  public static Function<Slot, OnlineStore> opener(Path workspace) {
    return slot -> LmdbOnlineStore.open(slotDir(workspace, slot));
  }
}
