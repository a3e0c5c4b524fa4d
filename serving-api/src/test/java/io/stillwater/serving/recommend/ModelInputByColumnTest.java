package io.stillwater.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.http.RequestValidation;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.trainer.ModelScorer;
import io.stillwater.features.state.ContentFeatureState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service fills the model's input by column (the user's part once per request, each item's once per second,
 * the search similarity per candidate): its probabilities and scores must be bit for bit those of the same
 * candidates assembled by name from the user's, the item's and the context's feature vectors.
 */
class ModelInputByColumnTest {

  private static final Catalog CATALOG = ServingFixture.catalog();

  @Test
  void probabilitiesAndScoresEqualThoseOfTheSameCandidatesByName() {
    ServingFixture.Live live = ServingFixture.live();
    for (String userId : List.of(ServingFixture.KNOWN_USER, ServingFixture.SEARCHER)) {
      RecommendationService.Request request = new RecommendationService.Request(userId, List.of(Flag.FOR_YOU),
          RequestValidation.MAX_LIMIT, ServingFixture.NOW.plusMillis(250));
      RecommendationService.Response first = live.service().recommend(request);
      // Again: now from the cached user state and content values.
      RecommendationService.Response second = live.service().recommend(request);
      assertThat(first.fallback()).isFalse();
      assertThat(second.lists()).isEqualTo(first.lists());

      Map<String, double[]> byName = byName(live.serving(), userId, request);
      List<RecommendationService.Item> items = first.lists().get(Flag.FOR_YOU);
      assertThat(items).hasSize(Math.min(RequestValidation.MAX_LIMIT, CATALOG.items().size()));
      for (RecommendationService.Item i : items) {
        float expected = (float) byName.get(i.contentId())[0];
        double popularity = byName.get(i.contentId())[1];
        assertThat(i.probability()).as(i.contentId()).isEqualTo((double) expected);
        assertThat(i.score()).as(i.contentId()).isEqualTo(RecommendationService.rankingScore(expected, popularity));
      }
    }
  }

  /** Probability and popularity by item id, from rows assembled by feature name (the pre-columnar path). */
  private static Map<String, double[]> byName(LiveServing serving, String userId, RecommendationService.Request request) {
    LiveServing.Current current = serving.current().orElseThrow();
    LiveFeatureReader.LiveView view = current.view();
    ModelScorer scorer = current.model().orElseThrow();
    FeatureVector user = view.userValues(new UserFeatures(CATALOG, ServingFixture.search()), userId, request.now())
        .orElseThrow();
    ContextFeatures context = new ContextFeatures(ServingFixture.search());
    List<String> names = scorer.encoder().featureNames();
    List<ContentItem> items = CATALOG.items();
    double[] raw = new double[items.size() * names.size()];
    String[] ids = new String[items.size()];
    String[] categories = new String[items.size()];
    String[] narrators = new String[items.size()];
    double[] popularity = new double[items.size()];
    for (int r = 0; r < items.size(); r++) {
      ContentItem item = items.get(r);
      // Content values are computed to the second.
      Instant second = Instant.ofEpochSecond(request.now().getEpochSecond());
      FeatureVector content = view.contentValues(new ContentFeatures(), item.contentId(), second)
          .orElseGet(() -> new ContentFeatures().valuesAt(item.contentId(), new ContentFeatureState(), second));
      Map<String, Object> all = new HashMap<>(user.values());
      all.putAll(content.values());
      all.putAll(context.valuesAt(user, item.contentId(), request.now()).values());
      for (int c = 0; c < names.size(); c++) {
        Object v = all.get(names.get(c));
        raw[r * names.size() + c] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
      ids[r] = item.contentId();
      categories[r] = item.category().wireName();
      narrators[r] = item.narrator();
      popularity[r] = content.number(RecommendationService.POPULARITY).orElse(0);
    }
    int n = names.size();
    float[] p = scorer.score(new ModelScorer.Candidates() {
      @Override
      public int count() {
        return items.size();
      }

      @Override
      public void fill(int r, double[] row) {
        System.arraycopy(raw, r * n, row, 0, n);
      }

      @Override
      public String contentId(int r) {
        return ids[r];
      }

      @Override
      public String category(int r) {
        return categories[r];
      }

      @Override
      public String narrator(int r) {
        return narrators[r];
      }
    });
    Map<String, double[]> out = new HashMap<>();
    for (int r = 0; r < items.size(); r++) {
      out.put(ids[r], new double[] {p[r], popularity[r]});
    }
    return out;
  }
}
