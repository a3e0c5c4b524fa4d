package io.stillwater.featurestore.generation;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.snapshot.Snapshot;
import io.stillwater.featurestore.store.OnlineStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Fills the standby slot from a batch snapshot: registers a generation (building), empties the slot, loads
 * every row, and only then marks it ready. A load that stops half way (killed, failed) leaves the generation
 * building, which promote refuses. It never writes to the live slot: the registry refuses to begin a
 * generation there.
 */
public final class GenerationLoader {

  /** Load progress: rows done of total. Throwing from it aborts the load (the generation stays building). */
  public interface Progress {
    void rows(long done, long total);

    Progress NONE = (d, t) -> { };
  }

  private static final int BATCH = 5_000;

  private final GenerationRegistry registry;
  private final Function<Slot, OnlineStore> opener;

  public GenerationLoader(GenerationRegistry registry, Function<Slot, OnlineStore> opener) {
    this.registry = registry;
    this.opener = opener;
  }

  public Generation load(Path snapshotDir, String modelId, Progress progress) {
    try (Snapshot snapshot = Snapshot.open(snapshotDir)) {
      String schema = snapshot.featureSchemaVersion();
      long total = snapshot.count(Entity.USER) + snapshot.count(Entity.CONTENT);
      Slot slot = registry.read().standbySlot();
      Generation g = registry.begin(slot, modelId, schema, snapshot.dir().toString(), snapshot.asOf(), null);
      long[] done = {0};
      try (OnlineStore store = opener.apply(slot)) {
        store.clear();
        progress.rows(0, total);
        for (Entity e : List.of(Entity.USER, Entity.CONTENT)) {
          snapshot.read(e, BATCH, rows -> {
            store.bulkLoad(rows);
            done[0] += rows.size();
            progress.rows(done[0], total);
          });
        }
      }
      return registry.markReady(g.number(), done[0]);
    }
  }
}
