package io.stillwater.trainer;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.search.Vectors;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The ranking task the evaluation scores, built from the training table alone.
 *
 * <p>For every held-out session that was completed: the candidates are all catalog items of that session's
 * category; the relevant one is the item the user actually played (and finished). Each candidate is that
 * session's row with the content side replaced by the candidate's: its content features as of its latest
 * session that started strictly before this one (cold-start values if none; the played item is treated the same
 * way, so no candidate is favoured by fresher data), its narrator, and the query-content similarity of the user's
 * latest search to it. User and time-of-day features are the session's own.
 */
public final class RankingCandidates {

  /** One ranking query: candidates, and which of them was played. */
  public record Query(Example session, List<Example> candidates, int relevant) {}

  private final Catalog catalog;
  private final BiFunction<String, float[], Double> similarity;
  private final int[] contentIndex;
  private final String[] contentNames;
  private final int contentSimIndex = TrainingData.featureIndex("search_content_sim");
  private final Map<String, List<Example>> byContent = new HashMap<>();
  private final ContentFeatures cold = new ContentFeatures();

  /**
   * @param history examples (any range) whose content features give candidates' as-of values, in start order
   * @param similarity cosine similarity of a query embedding to a content item
   */
  public RankingCandidates(Catalog catalog, List<Example> history, BiFunction<String, float[], Double> similarity) {
    this.catalog = catalog;
    this.similarity = similarity;
    List<FeatureDefinition> content = FeatureRegistry.forEntity(Entity.CONTENT);
    contentIndex = content.stream().mapToInt(d -> TrainingData.featureIndex(d.name())).toArray();
    contentNames = content.stream().map(FeatureDefinition::name).toArray(String[]::new);
    for (Example e : history) {
      byContent.computeIfAbsent(e.contentId(), k -> new ArrayList<>()).add(e);
    }
    byContent.values().forEach(l -> l.sort(java.util.Comparator.comparing(Example::startTs)));
  }

  /** With the query-content similarity the features module computes (the shared MiniLM model). */
  public static RankingCandidates withSharedModel(Catalog catalog, List<Example> history) {
    SearchFeatures search = SearchFeatures.withSharedModel(catalog);
    return new RankingCandidates(catalog, history,
        (contentId, query) -> Vectors.cosine(query, search.themes().ofContent(contentId)));
  }

  public List<Query> queries(List<Example> heldOut) {
    List<Query> out = new ArrayList<>();
    for (Example s : heldOut) {
      if (!s.completed()) {
        continue;
      }
      Category category = Category.fromWireName(s.category()).orElse(null);
      if (category == null || catalog.find(s.contentId()).isEmpty()) {
        continue;
      }
      List<Example> candidates = new ArrayList<>();
      int relevant = -1;
      for (ContentItem item : catalog.inCategory(category)) {
        if (item.contentId().equals(s.contentId())) {
          relevant = candidates.size();
        }
        candidates.add(candidate(s, item));
      }
      if (relevant >= 0 && candidates.size() > 1) {
        out.add(new Query(s, candidates, relevant));
      }
    }
    return out;
  }

  private Example candidate(Example s, ContentItem item) {
    double[] f = s.features().clone();
    Example before = latestBefore(item.contentId(), s.startTs());
    if (before != null) {
      for (int idx : contentIndex) {
        f[idx] = before.features()[idx];
      }
    } else {
      FeatureVector v = cold.valuesAt(item.contentId(), new ContentFeatureState(), s.startTs());
      for (int k = 0; k < contentIndex.length; k++) {
        f[contentIndex[k]] = v.number(contentNames[k]).orElse(Double.NaN);
      }
    }
    Double sim = s.searchEmbedding() == null ? null : similarity.apply(item.contentId(), s.searchEmbedding());
    f[contentSimIndex] = sim == null ? Double.NaN : sim;
    return s.withContent(item.contentId(), item.category().wireName(), item.narrator(), f);
  }

  private Example latestBefore(String contentId, Instant t) {
    List<Example> list = byContent.get(contentId);
    if (list == null) {
      return null;
    }
    int lo = 0;
    int hi = list.size() - 1;
    Example found = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (list.get(mid).startTs().isBefore(t)) {
        found = list.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
