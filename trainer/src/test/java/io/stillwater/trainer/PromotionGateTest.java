package io.stillwater.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.CatalogLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

  static Evaluation.ScorerMetrics m(double auc, double ndcg) {
    return new Evaluation.ScorerMetrics(auc, 0.6, ndcg, 0.5);
  }

  @Test
  void checksPopularityMarginAndLiveTolerance() {
    PromotionGate gate = new PromotionGate(new PromotionGate.Thresholds(0.02, 0.01, 0.01, 0.01));
    assertThat(gate.decide(Map.of("model", m(0.70, 0.45), "popularity", m(0.60, 0.40))).promoted()).isTrue();

    PromotionGate.Decision thin = gate.decide(Map.of("model", m(0.61, 0.45), "popularity", m(0.60, 0.40)));
    assertThat(thin.promoted()).isFalse();
    assertThat(thin.failed()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("auc beats popularity");
      assertThat(c.margin()).isCloseTo(-0.01, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(c.describe()).isEqualTo("auc beats popularity: FAILED (model 0.6100, needs >= 0.6200, misses it by 0.0100)");
    });

    Map<String, Evaluation.ScorerMetrics> withLive = new LinkedHashMap<>();
    withLive.put("model", m(0.70, 0.45));
    withLive.put("popularity", m(0.60, 0.40));
    withLive.put("live", m(0.72, 0.455));
    PromotionGate.Decision vsLive = gate.decide(withLive);
    assertThat(vsLive.promoted()).isFalse();
    assertThat(vsLive.failed()).extracting(PromotionGate.Check::name).containsExactly("auc not worse than live");
    withLive.put("live", m(0.705, 0.455));
    assertThat(gate.decide(withLive).promoted()).isTrue();
  }

  @Test
  void aModelTrainedOnShuffledLabelsIsRejected() {
    List<Example> train = SimulatedData.train();
    List<Example> heldOut = SimulatedData.heldOut();
    // Same features, labels permuted: no signal left.
    List<Boolean> labels = new ArrayList<>(train.stream().map(Example::completed).toList());
    java.util.Collections.shuffle(labels, new java.util.Random(11));
    List<Example> shuffled = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      Example e = train.get(i);
      shuffled.add(new Example(e.userId(), e.contentId(), e.sessionId(), e.startTs(), labels.get(i), e.category(),
          e.narrator(), e.features(), e.searchEmbedding()));
    }
    assertThat(new SplittableRandom(1).nextInt(2)).isBetween(0, 1);
    try (Trainer.Result r = Trainer.train(shuffled, Trainer.Options.defaults(), e -> {})) {
      Map<String, Function<List<Example>, float[]>> scorers = new LinkedHashMap<>();
      scorers.put("model", r::score);
      scorers.put("popularity", PopularityBaseline.fit(train)::score);
      List<Example> history = new ArrayList<>(train);
      history.addAll(heldOut);
      Evaluation.Result eval = Evaluation.evaluate(scorers, heldOut,
          RankingCandidates.withSharedModel(CatalogLoader.loadDefault(), history).queries(heldOut));
      PromotionGate.Decision d = new PromotionGate(PromotionGate.Thresholds.defaults()).decide(eval.metrics());
      System.out.println("shuffled labels: " + eval.metrics());
      assertThat(d.promoted()).isFalse();
      assertThat(d.failed()).extracting(PromotionGate.Check::name).contains("auc beats popularity");
    }
  }
}
