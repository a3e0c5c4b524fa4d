package io.stillwater.serving.recommend;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.trainer.ModelScorer;
import io.stillwater.trainer.PopularityBaseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Recommendations from the live generation, without HTTP: one {@link LiveServing.Current} per request (so
 * every read and the model come from one generation, whatever flips meanwhile), the user's and the candidates'
 * feature values computed at the request's instant (content values to the second: {@link ContentValueCache}),
 * one batched model call for all the flags' candidates, and the trainer's ranking score (expected completions:
 * P(complete) × (1 + content_popularity_30d), as {@code Evaluation.rankingScore}).
 *
 * <p>Falls back to popularity ({@code content_popularity_30d} from the live generation's content state) when
 * the user is unknown, the generation's model is missing or fails, and to catalog order when the store cannot
 * be read; the response says so. Only "nothing is live" is an error ({@link NotReadyException}).
 */
public final class RecommendationService {

  public static final String POPULARITY = PopularityBaseline.FEATURE;

  /** A validated request; {@code tzOffsetMinutes} and {@code surface} are optional context (null when absent). */
  public record Request(String userId, List<Flag> flags, int limit, Instant now, Integer tzOffsetMinutes,
      String surface) {
    public Request(String userId, List<Flag> flags, int limit, Instant now) {
      this(userId, flags, limit, now, null, null);
    }
  }

  /**
   * One ranked item: {@code score} is what the list is ordered by; {@code probability} is the model's completion
   * probability (null on fallback), kept for the prediction log's calibration analyses.
   */
  public record Item(String contentId, String title, double score, Double probability) {}

  /**
   * @param userFeatures the user's feature values the scores used; null when the user is unknown
   * @param scoredCandidates candidates the model scored (0 on fallback)
   */
  public record Response(String requestId, String slot, int generation, String modelId, boolean fallback,
      String fallbackReason, Map<Flag, List<Item>> lists, FeatureVector userFeatures, int scoredCandidates) {}

  /** Nothing is live yet (or the reader is closed): the API answers 503. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
      super(message);
    }
  }

  private final Catalog catalog;
  private final LiveServing live;
  private final UserFeatures userFeatures;
  private final ContentValueCache contentValues = new ContentValueCache(new ContentFeatures());
  private final ContextFeatures contextFeatures;
  private final Supplier<String> requestIds;

  public RecommendationService(Catalog catalog, SearchFeatures search, LiveServing live) {
    this(catalog, search, live, () -> UUID.randomUUID().toString());
  }

  public RecommendationService(Catalog catalog, SearchFeatures search, LiveServing live, Supplier<String> requestIds) {
    this.catalog = catalog;
    this.live = live;
    this.userFeatures = new UserFeatures(catalog, search);
    this.contextFeatures = new ContextFeatures(search);
    this.requestIds = requestIds;
  }

  public Response recommend(Request request) {
    LiveServing.Current current = live.current().orElseThrow(() -> new NotReadyException("no live generation"));
    LiveFeatureReader.LiveView view = current.view();
    Generation g = view.generation();
    String requestId = requestIds.get();
    Instant now = request.now();

    // Candidates: every item of the flags' categories, each scored once.
    Set<io.stillwater.contract.catalog.Category> categories = EnumSet.noneOf(io.stillwater.contract.catalog.Category.class);
    request.flags().forEach(f -> categories.addAll(f.categories()));
    List<ContentItem> items = catalog.items().stream().filter(i -> categories.contains(i.category())).toList();

    Map<String, FeatureVector> content = new LinkedHashMap<>();
    Optional<FeatureVector> user;
    try {
      content.putAll(contentValues.valuesAt(g.number(), items.stream().map(ContentItem::contentId).toList(), now,
          ids -> view.getAll(Entity.CONTENT, ids)));
      user = view.userValues(userFeatures, request.userId(), now);
    } catch (RuntimeException e) {
      // Store unreachable: catalog order, score 0.
      Map<Flag, List<Item>> lists = new LinkedHashMap<>();
      for (Flag f : request.flags()) {
        lists.put(f, items.stream().filter(i -> f.categories().contains(i.category())).limit(request.limit())
            .map(i -> new Item(i.contentId(), i.title(), 0.0, null)).toList());
      }
      return new Response(requestId, g.slot().wireName(), g.number(), g.modelId(), true, "store unreachable", lists,
          null, 0);
    }

    double[] popularity = new double[items.size()];
    for (int i = 0; i < items.size(); i++) {
      popularity[i] = content.get(items.get(i).contentId()).number(POPULARITY).orElse(0);
    }

    String reason = null;
    double[] score = null;
    float[] probability = null;
    double[] searchSim = null;
    if (user.isEmpty()) {
      reason = "unknown user";
    } else {
      Optional<ModelScorer> scorer = current.model();
      if (scorer.isEmpty()) {
        reason = "model " + g.modelId() + " missing";
      } else {
        List<ModelScorer.Candidate> candidates = new ArrayList<>(items.size());
        searchSim = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
          ContentItem item = items.get(i);
          FeatureVector ctx = contextFeatures.valuesAt(user.get(), item.contentId(), now);
          searchSim[i] = ctx.number("search_content_sim").orElse(Double.NaN);
          candidates.add(ModelScorer.Candidate.of(user.get(), content.get(item.contentId()), ctx,
              item.category().wireName(), item.narrator()));
        }
        try {
          probability = scorer.get().score(candidates);
          score = new double[items.size()];
          for (int i = 0; i < probability.length; i++) {
            score[i] = rankingScore(probability[i], popularity[i]);
          }
        } catch (RuntimeException e) {
          reason = "model " + g.modelId() + " failed";
          searchSim = null;
          probability = null;
        }
      }
    }

    Map<Flag, List<Item>> lists = new LinkedHashMap<>();
    for (Flag f : new LinkedHashSet<>(request.flags())) {
      List<Integer> idx = new ArrayList<>();
      double[] s = new double[items.size()];
      for (int i = 0; i < items.size(); i++) {
        if (!f.categories().contains(items.get(i).category())) {
          continue;
        }
        if (score == null) {
          s[i] = popularity[i];
        } else if (f == Flag.AFTER_SEARCH) {
          if (Double.isNaN(searchSim[i])) {
            continue; // the user never searched: nothing to rank by
          }
          // What matches the search, weighted by whether this user would finish it; popularity is left out
          // here, or the catalog's most played items outrank what the user just asked for.
          s[i] = Math.max(0, searchSim[i]) * probability[i];
        } else {
          s[i] = score[i];
        }
        idx.add(i);
      }
      // Ties (e.g. probabilities that underflow to 0) go to the more popular item, then by id.
      idx.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingDouble(i -> -popularity[i])
          .thenComparing(i -> items.get(i).contentId()));
      float[] p = probability;
      lists.put(f, idx.stream().limit(request.limit())
          .map(i -> new Item(items.get(i).contentId(), items.get(i).title(), s[i], p == null ? null : (double) p[i]))
          .toList());
    }
    return new Response(requestId, g.slot().wireName(), g.number(), g.modelId(), reason != null, reason, lists,
        user.orElse(null), probability == null ? 0 : probability.length);
  }

  /** The trainer's ranking score: expected completions, P(complete) × (1 + content_popularity_30d). */
  static double rankingScore(float completionProbability, double popularity) {
    return (float) (completionProbability * (1 + (Double.isNaN(popularity) ? 0 : Math.max(0, popularity))));
  }
}
