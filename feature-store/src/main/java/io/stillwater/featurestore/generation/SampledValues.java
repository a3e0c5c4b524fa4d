package io.stillwater.featurestore.generation;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.search.TextEmbedder;
import io.stillwater.features.search.ThemeVectors;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.store.StoredState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recomputes feature values from a stored state at the snapshot's as-of and compares them with the
 * snapshot's feature columns. Features that need the sentence-embedding model (the search embedding and the
 * search similarities) are skipped, so verify never loads the model; every other column must match.
 */
public final class SampledValues {

  private final UserFeatures users;
  private final ContentFeatures contents = new ContentFeatures();

  public SampledValues(Catalog catalog) {
    TextEmbedder noModel = new TextEmbedder() {
      @Override
      public float[] embed(String text) {
        float[] v = new float[FeatureRegistry.EMBEDDING_DIMENSION];
        v[0] = 1f;
        return v;
      }

      @Override
      public int dimension() {
        return FeatureRegistry.EMBEDDING_DIMENSION;
      }
    };
    this.users = new UserFeatures(catalog, new SearchFeatures(noModel, ThemeVectors.fromCatalog(catalog, noModel)));
  }

  static boolean needsModel(String column) {
    return column.equals("search_embedding") || column.startsWith("search_sim_") || column.equals("search_content_sim");
  }

  /** Mismatches between values computed from {@code stored} at {@code asOf} and the snapshot's columns. */
  public List<String> compare(StoredState stored, Instant asOf, Map<String, Object> snapshotColumns) {
    List<String> problems = new ArrayList<>();
    if (snapshotColumns.keySet().stream().allMatch(SampledValues::needsModel)) {
      return problems; // nothing to compare (a snapshot without feature columns)
    }
    Map<String, Object> computed;
    try {
      computed = stored.entity() == Entity.USER
          ? users.valuesAt(stored.id(), StateCodec.decodeUser(stored.state()), asOf).values()
          : contents.valuesAt(stored.id(), StateCodec.decodeContent(stored.state()), asOf).values();
    } catch (RuntimeException e) {
      problems.add(stored.entity().wireName() + " " + stored.id() + ": stored state does not decode: " + e.getMessage());
      return problems;
    }
    for (Map.Entry<String, Object> col : snapshotColumns.entrySet()) {
      String name = col.getKey();
      if (needsModel(name)) {
        continue;
      }
      if (!computed.containsKey(name)) {
        problems.add(stored.entity().wireName() + " " + stored.id() + ": snapshot column " + name + " is not a known feature");
        continue;
      }
      Object want = col.getValue();
      Object have = computed.get(name);
      if (!same(want, have)) {
        problems.add(stored.entity().wireName() + " " + stored.id() + ": " + name + " is " + have + " from the store, "
            + want + " in the snapshot");
      }
    }
    return problems;
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return p == q || Math.abs(p - q) <= 1e-9 * Math.max(1.0, Math.abs(p));
    }
    return a.equals(b);
  }
}
