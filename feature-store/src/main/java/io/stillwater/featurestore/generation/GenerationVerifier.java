package io.stillwater.featurestore.generation;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.snapshot.Snapshot;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a loaded generation against the snapshot it came from: row counts (the slot may hold more, from
 * streaming since), a deterministic sample of rows (same state bytes, or a newer state from the stream), and
 * that its feature-schema version is the expected one (the running code's, and the model's when given). Marks
 * it verified only when nothing is wrong.
 */
public final class GenerationVerifier {

  /** What verify found; {@code problems} empty means verified. */
  public record Report(int generation, long snapshotRows, long storeRows, int sampled, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final GenerationRegistry registry;
  private final Function<Slot, OnlineStore> opener;

  private final SampledValues values;

  public GenerationVerifier(GenerationRegistry registry, Function<Slot, OnlineStore> opener) {
    this(registry, opener, null);
  }

  /** With {@code values}, sampled rows' feature values are recomputed and compared with the snapshot's columns. */
  public GenerationVerifier(GenerationRegistry registry, Function<Slot, OnlineStore> opener, SampledValues values) {
    this.registry = registry;
    this.opener = opener;
    this.values = values;
  }

  /**
   * @param expectedSchemaVersions versions the generation must have (e.g. the code's and the model's)
   */
  public Report verify(int number, int sampleSize, List<String> expectedSchemaVersions) {
    Generation g = registry.read().generation(number)
        .orElseThrow(() -> new RegistryRefusal("no generation " + number));
    if (g.state() == GenerationState.BUILDING) {
      throw new RegistryRefusal("generation " + number + " is incomplete (building): its load never finished");
    }
    List<String> problems = new ArrayList<>();
    for (String expected : expectedSchemaVersions) {
      if (expected != null && !expected.equals(g.featureSchemaVersion())) {
        problems.add("feature-schema version " + g.featureSchemaVersion() + " is not " + expected);
      }
    }
    long snapshotRows = 0;
    long storeRows = 0;
    int sampled = 0;
    try (Snapshot snapshot = Snapshot.open(Path.of(g.snapshot())); OnlineStore store = opener.apply(g.slot())) {
      for (Entity e : List.of(Entity.USER, Entity.CONTENT)) {
        long inSnapshot = snapshot.count(e);
        long inStore = store.count(e);
        snapshotRows += inSnapshot;
        storeRows += inStore;
        if (inStore < inSnapshot) {
          problems.add(e.wireName() + " rows: store has " + inStore + ", snapshot " + inSnapshot);
        }
        Map<String, StoredState> sample = snapshot.sample(e, sampleSize);
        Map<String, StoredState> got = store.getAll(e, sample.keySet());
        Map<String, Map<String, Object>> columns = values == null ? Map.of() : snapshot.featureColumns(e, sample.keySet());
        for (StoredState want : sample.values()) {
          sampled++;
          StoredState have = got.get(want.id());
          if (have == null) {
            problems.add(e.wireName() + " " + want.id() + " missing from the store");
          } else if (have.newestEventMs() < want.newestEventMs()) {
            problems.add(e.wireName() + " " + want.id() + " is older in the store than in the snapshot");
          } else if (have.newestEventMs() == want.newestEventMs() && !Arrays.equals(have.state(), want.state())) {
            problems.add(e.wireName() + " " + want.id() + " state differs from the snapshot");
          } else if (values != null && have.newestEventMs() == want.newestEventMs() && columns.containsKey(want.id())) {
            problems.addAll(values.compare(have, snapshot.asOf(), columns.get(want.id())));
          }
        }
      }
    }
    if (g.rowsLoaded() >= 0 && g.rowsLoaded() != snapshotRows) {
      problems.add("load wrote " + g.rowsLoaded() + " rows, snapshot has " + snapshotRows);
    }
    if (problems.isEmpty()) {
      registry.markVerified(number);
    }
    return new Report(number, snapshotRows, storeRows, sampled, List.copyOf(problems));
  }
}
