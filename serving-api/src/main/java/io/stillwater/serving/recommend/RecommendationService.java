package io.stillwater.serving.recommend;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.store.StoredState;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.trainer.ModelScorer;
import io.stillwater.trainer.PopularityBaseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /** Decoded user states kept (most recently used users). */
  static final int USER_STATES_KEPT = 10_000;
  /** Search embeddings whose catalog similarities are kept (most recently used). */
  static final int SEARCHES_KEPT = 10_000;

  private final Catalog catalog;
  private final LiveServing live;
  private final UserFeatures userFeatures;
  private final UserStateCache userStates = new UserStateCache(USER_STATES_KEPT);
  private final ContentValueCache contentValues = new ContentValueCache(new ContentFeatures());
  private final SearchSimilarityCache searchSimilarities;
  private final Supplier<String> requestIds;
  /** The candidates of each set of categories the requests' flags have named (at most one per subset). */
  private final Map<Set<Category>, CandidateSet> candidateSets = new ConcurrentHashMap<>();
  /** The live model's columns, resolved again only when the model changes. */
  private volatile ModelColumns columns;

  public RecommendationService(Catalog catalog, SearchFeatures search, LiveServing live) {
    this(catalog, search, live, () -> UUID.randomUUID().toString());
  }

  public RecommendationService(Catalog catalog, SearchFeatures search, LiveServing live, Supplier<String> requestIds) {
    this.catalog = catalog;
    this.live = live;
    this.userFeatures = new UserFeatures(catalog, search);
    this.searchSimilarities = new SearchSimilarityCache(new ContextFeatures(search), catalog.items(), SEARCHES_KEPT);
    this.requestIds = requestIds;
  }

  public Response recommend(Request request) {
    LiveServing.Current current = live.current().orElseThrow(() -> new NotReadyException("no live generation"));
    LiveFeatureReader.LiveView view = current.view();
    Generation g = view.generation();
    String requestId = requestIds.get();
    Instant now = request.now();

    // Candidates: every item of the flags' categories, each scored once.
    Set<Category> categories = EnumSet.noneOf(Category.class);
    request.flags().forEach(f -> categories.addAll(f.categories()));
    CandidateSet candidateSet = candidateSets.computeIfAbsent(categories, c -> new CandidateSet(catalog, c));
    List<ContentItem> items = candidateSet.items;
    int[] catalogIndex = candidateSet.catalogIndex;

    ContentValueCache.Values[] content;
    Optional<FeatureVector> user;
    try {
      content = candidateSet.contentValues(contentValues, g.number(), now, ids -> view.getAll(Entity.CONTENT, ids));
      user = view.get(Entity.USER, request.userId())
          .map(s -> userFeatures.valuesAt(request.userId(), userStates.decode(s), now));
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
      popularity[i] = content[i].popularity();
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
        try {
          searchSim = new double[items.size()];
          probability = scorer.get().score(candidates(scorer.get(), user.get(), items, catalogIndex, content, now,
              searchSim));
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
      int[] idx = new int[items.size()];
      int count = 0;
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
        idx[count++] = i;
      }
      int[] top = top(idx, count, request.limit(), s, popularity, items);
      List<Item> list = new ArrayList<>(top.length);
      for (int i : top) {
        list.add(new Item(items.get(i).contentId(), items.get(i).title(), s[i],
            probability == null ? null : (double) probability[i]));
      }
      lists.put(f, List.copyOf(list));
    }
    return new Response(requestId, g.slot().wireName(), g.number(), g.modelId(), reason != null, reason, lists,
        user.orElse(null), probability == null ? 0 : probability.length);
  }

  /**
   * The first {@code limit} of {@code idx[0..count)} in ranking order: higher {@code s} first; ties (e.g.
   * probabilities that underflow to 0) go to the more popular item, then by id. A top-k insertion rather than
   * sorting every candidate (for_you: the whole catalog, for 10 items).
   */
  private static int[] top(int[] idx, int count, int limit, double[] s, double[] popularity, List<ContentItem> items) {
    int[] top = new int[Math.min(limit, count)];
    int size = 0;
    for (int k = 0; k < count; k++) {
      int c = idx[k];
      if (size == top.length && before(top[size - 1], c, s, popularity, items)) {
        continue;
      }
      int at = size == top.length ? size - 1 : size++;
      while (at > 0 && before(c, top[at - 1], s, popularity, items)) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = c;
    }
    return top;
  }

  /** Whether item {@code a} ranks strictly before item {@code b}. */
  private static boolean before(int a, int b, double[] s, double[] popularity, List<ContentItem> items) {
    int c = Double.compare(-s[a], -s[b]);
    if (c == 0) {
      c = Double.compare(-popularity[a], -popularity[b]);
    }
    if (c == 0) {
      c = items.get(a).contentId().compareTo(items.get(b).contentId());
    }
    return c < 0;
  }

  /**
   * The catalog's items in some categories, in catalog order: their ids, each one's index in the catalog, and
   * their content values as of the last second a request asked (so a request within that second takes the array
   * as it is, instead of looking up each item).
   */
  private static final class CandidateSet {
    final List<ContentItem> items;
    final List<String> contentIds;
    final int[] catalogIndex;
    private volatile ContentAt contentAt;

    private record ContentAt(int generation, long second, ContentValueCache.Values[] values) {}

    CandidateSet(Catalog catalog, Set<Category> categories) {
      List<ContentItem> in = new ArrayList<>();
      List<Integer> index = new ArrayList<>();
      for (int c = 0; c < catalog.items().size(); c++) {
        if (categories.contains(catalog.items().get(c).category())) {
          index.add(c);
          in.add(catalog.items().get(c));
        }
      }
      items = List.copyOf(in);
      contentIds = in.stream().map(ContentItem::contentId).toList();
      catalogIndex = index.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The items' content values at {@code now}'s second, read from {@code cache} once per second; not to be changed. */
    ContentValueCache.Values[] contentValues(ContentValueCache cache, int generation, Instant now,
        Function<Collection<String>, Map<String, StoredState>> read) {
      ContentAt at = contentAt;
      if (at == null || at.generation() != generation || at.second() != now.getEpochSecond()) {
        at = new ContentAt(generation, now.getEpochSecond(), cache.valuesAt(generation, contentIds, now, read));
        contentAt = at;
      }
      return at.values();
    }
  }

  /**
   * The model's input, by column: the user's values and the request's hour and day once, each item's cached
   * content values, and per candidate only the search similarity (also written to {@code searchSim}; NaN when
   * the user never searched). The same values, in the same columns, as the context, content and user feature
   * vectors by name.
   */
  private ModelScorer.Candidates candidates(ModelScorer scorer, FeatureVector user, List<ContentItem> items,
      int[] catalogIndex, ContentValueCache.Values[] content, Instant now, double[] searchSim) {
    ModelColumns cols = columns;
    if (cols == null || !cols.resolvedFrom(scorer.encoder().featureNames())) {
      cols = ModelColumns.of(scorer.encoder().featureNames());
      columns = cols;
    }
    double[] requestRow = cols.requestRow(user, ContextFeatures.hourOfDayUtc(now), ContextFeatures.dayOfWeekUtc(now));
    float[] query = user.vector("search_embedding");
    double[] sims = query == null ? null : searchSimilarities.similarities(query);
    for (int i = 0; i < items.size(); i++) {
      searchSim[i] = sims == null ? Double.NaN : sims[catalogIndex[i]];
    }
    return new CatalogCandidates(cols, requestRow, items, content, searchSim);
  }

  /** The catalog's items as the model's candidates for one request; each row is filled when the model asks. */
  private record CatalogCandidates(ModelColumns cols, double[] requestRow, List<ContentItem> items,
      ContentValueCache.Values[] content, double[] searchSim) implements ModelScorer.Candidates {
    @Override
    public int count() {
      return items.size();
    }

    @Override
    public void fill(int r, double[] raw) {
      cols.candidateRow(requestRow, content[r], searchSim[r], raw);
    }

    @Override
    public String contentId(int r) {
      return items.get(r).contentId();
    }

    @Override
    public String category(int r) {
      return items.get(r).category().wireName();
    }

    @Override
    public String narrator(int r) {
      return items.get(r).narrator();
    }
  }

  /** The trainer's ranking score: expected completions, P(complete) × (1 + content_popularity_30d). */
  static double rankingScore(float completionProbability, double popularity) {
    return (float) (completionProbability * (1 + (Double.isNaN(popularity) ? 0 : Math.max(0, popularity))));
  }
}
