package io.stillwater.serving.recommend;

import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.state.ContextFeatures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code search_content_sim} of every catalog item for a search embedding, computed once per embedding rather
 * than per candidate per request (a user's latest search stays the same across many requests; 384-dimension
 * cosines for the whole catalog were a visible share of a request). The values are
 * {@link ContextFeatures#searchContentSim}'s, bit for bit. The most recently used {@code capacity} embeddings
 * are kept.
 */
final class SearchSimilarityCache {

  /** An embedding compared by content. */
  private record Key(float[] embedding, int hash) {
    Key(float[] embedding) {
      this(embedding, Arrays.hashCode(embedding));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(embedding, k.embedding);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final ContextFeatures context;
  private final List<ContentItem> catalog;
  private final Map<Key, double[]> entries;

  SearchSimilarityCache(ContextFeatures context, List<ContentItem> catalog, int capacity) {
    this.context = context;
    this.catalog = catalog;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The similarity of each catalog item (catalog order) to {@code embedding}; do not modify the array. */
  double[] similarities(float[] embedding) {
    Key key = new Key(embedding.clone());
    double[] sims;
    synchronized (entries) {
      sims = entries.get(key);
    }
    if (sims == null) {
      sims = new double[catalog.size()];
      for (int i = 0; i < sims.length; i++) {
        sims[i] = context.searchContentSim(embedding, catalog.get(i).contentId());
      }
      synchronized (entries) {
        entries.put(key, sims);
      }
    }
    return sims;
  }
}
