package io.stillwater.featurestore.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.contract.event.ContentStart;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.snapshot.Snapshot;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationLoaderTest {

  @TempDir Path workspace;

  static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");
  static final String SCHEMA = FeatureRegistry.schemaVersion();

  /** Users with empty states (one with no events at all) and content items with real folded state. */
  static List<StoredState> rows(int users, long baseMs) {
    List<StoredState> rows = new ArrayList<>();
    byte[] empty = StateCodec.encode(new UserFeatureState());
    for (int i = 0; i < users; i++) {
      byte[] state = new byte[empty.length + 4];
      System.arraycopy(empty, 0, state, 0, empty.length);
      state[empty.length] = (byte) i; // distinct bytes per user (the store does not decode them)
      rows.add(new StoredState(Entity.USER, "u_" + i, i == 0 ? StoredState.NO_EVENTS : baseMs + i, state));
    }
    ContentFeatures cf = new ContentFeatures();
    for (int c = 0; c < 3; c++) {
      ContentFeatureState s = new ContentFeatureState();
      for (int k = 0; k <= c; k++) {
        cf.update(s, new ContentStart("e" + c + k, "u_1", Instant.ofEpochMilli(baseMs - 3_600_000L * k), "c_" + c, "s" + k));
      }
      rows.add(new StoredState(Entity.CONTENT, "c_" + c, baseMs, StateCodec.encode(s)));
    }
    return rows;
  }

  private Map<String, StoredState> dump(OnlineStore store) {
    Map<String, StoredState> out = new HashMap<>();
    store.scan(Entity.USER, s -> out.put("u:" + s.id(), s));
    store.scan(Entity.CONTENT, s -> out.put("c:" + s.id(), s));
    return out;
  }

  @Test
  void loadsTheStandbySlotVerifiesAndPromotes() {
    Path lake = workspace.resolve("lake");
    Path snap1 = Snapshot.write(lake, AS_OF, SCHEMA, rows(500, AS_OF.toEpochMilli() - 10_000));
    GenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    Function<Slot, OnlineStore> opener = EmbeddedSlots.opener(workspace);
    GenerationLoader loader = new GenerationLoader(registry, opener);
    List<Long> progress = new ArrayList<>();
    Generation g1 = loader.load(snap1, "model-1", (done, total) -> progress.add(done));
    assertThat(g1.slot()).isEqualTo(Slot.BLUE);
    assertThat(g1.state()).isEqualTo(GenerationState.READY);
    assertThat(g1.rowsLoaded()).isEqualTo(503);
    assertThat(g1.backfillWatermark()).isEqualTo(AS_OF);
    assertThat(g1.featureSchemaVersion()).isEqualTo(SCHEMA);
    assertThat(progress).startsWith(0L).endsWith(503L);

    GenerationVerifier verifier = new GenerationVerifier(registry, opener);
    GenerationVerifier.Report report = verifier.verify(g1.number(), 50, List.of(SCHEMA));
    assertThat(report.problems()).isEmpty();
    assertThat(report.sampled()).isEqualTo(53);
    registry.promote(g1.number(), 0);

    try (OnlineStore blue = opener.apply(Slot.BLUE)) {
      StoredState c2 = blue.get(Entity.CONTENT, "c_2").orElseThrow();
      var values = new ContentFeatures().valuesAt("c_2", StateCodec.decodeContent(c2.state()), AS_OF);
      assertThat(values.values().get("content_starts_24h")).isEqualTo(3L);
      assertThat(blue.get(Entity.USER, "u_0").orElseThrow().newestEventMs()).isEqualTo(StoredState.NO_EVENTS);
      Map<String, StoredState> liveBefore = dump(blue);

      // The next load goes to green and leaves the live blue slot untouched.
      Path snap2 = Snapshot.write(lake, AS_OF.plusSeconds(3600), SCHEMA, rows(300, AS_OF.toEpochMilli()));
      Generation g2 = loader.load(snap2, "model-2", GenerationLoader.Progress.NONE);
      assertThat(g2.slot()).isEqualTo(Slot.GREEN);
      assertThat(dump(blue)).isEqualTo(liveBefore);
      assertThat(verifier.verify(g2.number(), 20, List.of("v0-other")).problems())
          .singleElement().asString().contains("is not v0-other");
      assertThatThrownBy(() -> registry.promote(g2.number(), 1)).hasMessageContaining("not verified");
    }
  }

  @Test
  void verifyRecomputesValuesAndComparesThemWithTheSnapshotColumns() throws Exception {
    Path lake = workspace.resolve("lake");
    Path snap = Snapshot.write(lake, AS_OF, SCHEMA, rows(5, AS_OF.toEpochMilli() - 10_000));
    // Give the content files a feature column: c_k has k+1 starts in the last 24 h; c_2's value is made wrong.
    Path file = snap.resolve("entity=content/part-0.parquet");
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
      st.execute("COPY (SELECT *, CASE entity_id WHEN 'c_2' THEN 7 ELSE CAST(right(entity_id, 1) AS BIGINT) + 1 END"
          + " AS content_starts_24h FROM read_parquet('" + file + "', hive_partitioning=false)) TO '" + file + ".new' (FORMAT parquet)");
    }
    java.nio.file.Files.move(Path.of(file + ".new"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    GenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    Function<Slot, OnlineStore> opener = EmbeddedSlots.opener(workspace);
    Generation g = new GenerationLoader(registry, opener).load(snap, "m", GenerationLoader.Progress.NONE);
    SampledValues values = new SampledValues(io.stillwater.contract.catalog.CatalogLoader.loadDefault());
    GenerationVerifier.Report r = new GenerationVerifier(registry, opener, values).verify(g.number(), 10, List.of(SCHEMA));
    assertThat(r.problems()).singleElement().asString()
        .contains("content c_2: content_starts_24h is 3 from the store, 7 in the snapshot");
    assertThat(registry.read().generation(g.number()).orElseThrow().verifiedAt()).isNull();
  }

  @Test
  void anInterruptedLoadStaysIncompleteAndCannotBePromoted() {
    Path lake = workspace.resolve("lake");
    GenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    Function<Slot, OnlineStore> opener = EmbeddedSlots.opener(workspace);
    GenerationLoader loader = new GenerationLoader(registry, opener);
    Generation g1 = loader.load(Snapshot.write(lake, AS_OF, SCHEMA, rows(100, 1_000)), "m1", GenerationLoader.Progress.NONE);
    new GenerationVerifier(registry, opener).verify(g1.number(), 10, List.of(SCHEMA));
    registry.promote(g1.number(), 0);

    Path big = Snapshot.write(lake, AS_OF.plusSeconds(60), SCHEMA, rows(12_000, 2_000));
    assertThatThrownBy(() -> loader.load(big, "m2", (done, total) -> {
      if (done > total / 2) {
        throw new IllegalStateException("killed half way");
      }
    })).hasMessage("killed half way");

    RegistryState s = registry.read();
    Generation half = s.occupant(Slot.GREEN).orElseThrow();
    assertThat(half.state()).isEqualTo(GenerationState.BUILDING);
    assertThat(half.rowsLoaded()).isEqualTo(-1);
    try (OnlineStore green = opener.apply(Slot.GREEN); OnlineStore blue = opener.apply(Slot.BLUE)) {
      assertThat(green.count(Entity.USER)).isBetween(1L, 11_999L);
      assertThat(blue.count(Entity.USER)).isEqualTo(100);
    }
    assertThat(s.live()).isEqualTo(g1.number());
    assertThatThrownBy(() -> registry.promote(half.number(), g1.number()))
        .isInstanceOf(RegistryRefusal.class).hasMessageContaining("incomplete");
    assertThatThrownBy(() -> new GenerationVerifier(registry, opener).verify(half.number(), 10, List.of()))
        .hasMessageContaining("incomplete");
  }
}
