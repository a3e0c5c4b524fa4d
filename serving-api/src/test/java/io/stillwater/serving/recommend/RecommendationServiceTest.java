package io.stillwater.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.http.RequestValidation;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.live.ModelCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationServiceTest {

  private static final Catalog CATALOG = ServingFixture.catalog();
  private static final Map<String, ContentItem> BY_ID =
      CATALOG.items().stream().collect(Collectors.toMap(ContentItem::contentId, i -> i));

  @Test
  void aKnownUserGetsModelRankedListsFromTheLiveGeneration() {
    ServingFixture.Live live = ServingFixture.live();
    RecommendationService.Response r = live.service().recommend(new RecommendationService.Request(
        ServingFixture.KNOWN_USER, List.of(Flag.SLEEP, Flag.FOCUS, Flag.MOVEMENT, Flag.STRESS_RELIEF, Flag.FOR_YOU),
        5, ServingFixture.NOW));

    assertThat(r.fallback()).isFalse();
    assertThat(r.fallbackReason()).isNull();
    assertThat(r.generation()).isEqualTo(live.generation().number());
    assertThat(r.slot()).isEqualTo("blue");
    assertThat(r.modelId()).isEqualTo(live.modelId());
    assertThat(r.requestId()).isNotBlank();
    assertThat(r.lists().keySet()).containsExactly(Flag.SLEEP, Flag.FOCUS, Flag.MOVEMENT, Flag.STRESS_RELIEF, Flag.FOR_YOU);
    r.lists().forEach((flag, items) -> {
      assertThat(items).hasSize(5);
      for (RecommendationService.Item i : items) {
        ContentItem item = BY_ID.get(i.contentId());
        assertThat(flag.categories()).contains(item.category());
        assertThat(i.title()).isEqualTo(item.title());
        // Expected completions: P(complete) in (0, 1) times (1 + popularity).
        double p = i.score() / (1 + ServingFixture.popularityOf(CATALOG, item));
        assertThat(p).isBetween(0.0, 1.0);
      }
      assertThat(items).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    });
    assertThat(r.lists().get(Flag.STRESS_RELIEF)).extracting(i -> BY_ID.get(i.contentId()).category())
        .isSubsetOf(Category.STRESS, Category.ANXIETY);
  }

  @Test
  void afterSearchRanksOnlyForAUserWhoSearched() {
    ServingFixture.Live live = ServingFixture.live();
    RecommendationService.Response searcher = live.service().recommend(new RecommendationService.Request(
        ServingFixture.SEARCHER, List.of(Flag.AFTER_SEARCH, Flag.FOR_YOU), 10, ServingFixture.NOW));
    assertThat(searcher.fallback()).isFalse();
    assertThat(searcher.lists().get(Flag.AFTER_SEARCH)).hasSize(10)
        .isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    // similarity (<= 1) times the completion probability: no popularity term, so scores stay within [0, 1]
    assertThat(searcher.lists().get(Flag.AFTER_SEARCH)).allSatisfy(i -> {
      assertThat(i.score()).isBetween(0.0, 1.0);
      assertThat(i.score()).isLessThanOrEqualTo(i.probability());
    });

    // "preparing for my exams" (real MiniLM embedding): focus content ranks above sleep content.
    List<Category> order = live.service().recommend(new RecommendationService.Request(ServingFixture.SEARCHER,
            List.of(Flag.AFTER_SEARCH), RequestValidation.MAX_LIMIT, ServingFixture.NOW)).lists().get(Flag.AFTER_SEARCH).stream()
        .map(i -> BY_ID.get(i.contentId()).category()).toList();
    int firstFocus = order.indexOf(Category.FOCUS);
    int firstSleep = order.indexOf(Category.SLEEP);
    assertThat(firstFocus).isNotNegative();
    assertThat(firstSleep).as("sleep items are ranked too (similarity > 0): %s", order).isPositive();
    assertThat(firstFocus).as("focus above sleep: %s", order).isLessThan(firstSleep);
    double focusMean = meanRank(order, Category.FOCUS);
    double sleepMean = meanRank(order, Category.SLEEP);
    assertThat(focusMean).as("mean rank of focus vs sleep: %s", order).isLessThan(sleepMean);

    RecommendationService.Response never = live.service().recommend(new RecommendationService.Request(
        ServingFixture.KNOWN_USER, List.of(Flag.AFTER_SEARCH), 10, ServingFixture.NOW));
    assertThat(never.lists().get(Flag.AFTER_SEARCH)).isEmpty();
  }

  private static double meanRank(List<Category> order, Category c) {
    int n = 0;
    double sum = 0;
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i) == c) {
        sum += i;
        n++;
      }
    }
    return n == 0 ? Double.MAX_VALUE : sum / n;
  }

  @Test
  void anUnknownUserFallsBackToPopularityFromTheLiveGeneration() {
    ServingFixture.Live live = ServingFixture.live();
    RecommendationService.Response r = live.service().recommend(new RecommendationService.Request(
        "u_nobody", List.of(Flag.SLEEP, Flag.FOCUS), 3, ServingFixture.NOW));
    assertThat(r.fallback()).isTrue();
    assertThat(r.fallbackReason()).isEqualTo("unknown user");
    assertThat(r.generation()).isEqualTo(live.generation().number());
    for (Flag f : List.of(Flag.SLEEP, Flag.FOCUS)) {
      Category c = f == Flag.SLEEP ? Category.SLEEP : Category.FOCUS;
      List<ContentItem> expected = CATALOG.inCategory(c).subList(0, 3);
      assertThat(r.lists().get(f)).extracting(RecommendationService.Item::contentId)
          .containsExactlyElementsOf(expected.stream().map(ContentItem::contentId).toList());
      assertThat(r.lists().get(f)).extracting(RecommendationService.Item::score)
          .containsExactlyElementsOf(expected.stream().map(i -> (double) ServingFixture.popularityOf(CATALOG, i)).toList());
    }
  }

  @Test
  void aMissingModelFallsBackToPopularityAndIsNotReady(@TempDir Path emptyModels) {
    ServingFixture.Live live = ServingFixture.live();
    try (ModelCache none = new ModelCache(emptyModels); LiveServing serving = new LiveServing(live.reader(), none)) {
      RecommendationService service = new RecommendationService(CATALOG, ServingFixture.search(), serving);
      assertThat(serving.ready()).isFalse();
      RecommendationService.Response r = service.recommend(new RecommendationService.Request(
          ServingFixture.KNOWN_USER, List.of(Flag.MOVEMENT), 2, ServingFixture.NOW));
      assertThat(r.fallback()).isTrue();
      assertThat(r.fallbackReason()).isEqualTo("model " + live.modelId() + " missing");
      assertThat(r.lists().get(Flag.MOVEMENT)).extracting(RecommendationService.Item::contentId)
          .containsExactly(CATALOG.inCategory(Category.MOVEMENT).get(0).contentId(),
              CATALOG.inCategory(Category.MOVEMENT).get(1).contentId());
    }
    assertThat(live.serving().ready()).isTrue();
  }

  @Test
  void nothingLiveIsNotReady(@TempDir Path emptyWorkspace) {
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(emptyWorkspace),
            EmbeddedSlots.opener(emptyWorkspace));
        ModelCache models = new ModelCache(emptyWorkspace.resolve("models"));
        LiveServing serving = new LiveServing(reader, models)) {
      RecommendationService service = new RecommendationService(CATALOG, ServingFixture.search(), serving);
      assertThat(serving.ready()).isFalse();
      assertThatThrownBy(() -> service.recommend(new RecommendationService.Request("u_1", List.of(Flag.SLEEP), 1,
          ServingFixture.NOW))).isInstanceOf(RecommendationService.NotReadyException.class);
    }
  }
}
