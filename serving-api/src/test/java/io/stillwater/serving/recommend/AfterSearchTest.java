package io.stillwater.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.trainer.PromotionGate;
import io.stillwater.trainer.Trainer;
import io.stillwater.trainer.TrainingRun;
import io.stillwater.trainer.TrainingTableFixture;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance case end to end through HTTP: a model trained by the trainer on a simulated history
 * (not synthetic rows), the real MiniLM embedding of the user's search "preparing for my exams", and the
 * {@code after_search} list it produces: focus content above sleep content.
 */
class AfterSearchTest {

  @Test
  void after_a_search_for_exam_preparation_focus_ranks_above_sleep(@TempDir Path ws) throws Exception {
    Path training = TrainingTableFixture.build(150, 14, 7L);
    Path simulated = training.getParent().getParent(); // <root>/lake/training
    Instant until = TrainingTableFixture.END.atStartOfDay(ZoneOffset.UTC).toInstant();
    TrainingRun.Outcome trained = TrainingRun.run(new TrainingRun.Request(simulated, until.minus(Duration.ofDays(15)),
        until, until.minus(Duration.ofDays(2)), Optional.empty(), Trainer.Options.defaults().withMaxEpochs(8),
        new PromotionGate.Thresholds(-1, -1, 1, 1), ServingFixture.catalog()), new PrintWriter(Writer.nullWriter()));
    String modelId = ServingFixture.registerModel(simulated.resolve("models"), trained.modelId(), ws);
    ServingFixture.loadLiveGeneration(ws, modelId);

    Map<String, ContentItem> byId = ServingFixture.catalog().items().stream()
        .collect(Collectors.toMap(ContentItem::contentId, Function.identity()));
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(ws.resolve("models"));
        TestServer s = new TestServer(ws, reader, models, Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC), Optional.empty())) {
      JsonNode r = s.recommend("{\"user_id\":\"" + ServingFixture.SEARCHER + "\",\"flags\":[\"after_search\"],\"limit\":100}").body();
      assertThat(r.get("fallback").asBoolean()).isFalse();
      assertThat(r.get("model_id").asText()).isEqualTo(modelId);
      List<Category> order = new ArrayList<>();
      r.get("recommendations").get("after_search").forEach(i -> order.add(byId.get(i.get("content_id").asText()).category()));

      assertThat(order).as("every category is ranked").contains(Category.FOCUS, Category.SLEEP);
      assertThat(order.indexOf(Category.FOCUS)).as("first focus above first sleep: %s", order)
          .isLessThan(order.indexOf(Category.SLEEP));
      assertThat(meanRank(order, Category.FOCUS)).as("mean rank of focus vs sleep: %s", order)
          .isLessThan(meanRank(order, Category.SLEEP));
      assertThat(order.subList(0, 5)).as("the top five: %s", order).doesNotContain(Category.SLEEP);
    }
  }

  private static double meanRank(List<Category> order, Category c) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i) == c) {
        sum += i;
        n++;
      }
    }
    return sum / n;
  }
}
