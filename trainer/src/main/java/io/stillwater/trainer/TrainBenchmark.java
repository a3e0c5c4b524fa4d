package io.stillwater.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark (benchmarks/train.sh): training time for N synthetic examples of the real feature width, then the
 * latency of scoring 200 candidates in one {@link ModelScorer} call on the exported model, p50/p99 after warm-up.
 * Synthetic rows: standard-normal features (a tenth missing where the registry allows it), 6 categories, 12
 * narrators, 210 items, labels drawn from a logistic function of a few features.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    long t0 = System.nanoTime();
    List<Example> rows = synthetic(n, 1L);
    System.out.printf(Locale.ROOT, "generated %,d examples in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    Trainer.Options options = new Trainer.Options(epochs, 256, Integer.MAX_VALUE, 0.1, RankingModel.Config.defaults());
    Path dir = Files.createTempDirectory("stillwater-train-bench");
    String id;
    try (Trainer.Result r = Trainer.train(rows, options, e -> System.out.printf(Locale.ROOT,
        "epoch %d: %.1f s (%,.0f examples/s), val_auc %.4f%n", e.epoch(), e.seconds(),
        (n * (1 - 0.1)) / e.seconds(), e.validationAuc()))) {
      System.out.printf(Locale.ROOT, "train: %,d examples (%,d train + %,d validation), %d epochs, %.1f s total "
          + "(encoding and validation scoring included)%n", n, r.trainExamples(), r.validationExamples(), r.curve().size(), r.seconds());
      id = ModelRegistry.newModelId(Instant.now(), r.model().snapshot(), r.encoder().spec());
      new ModelRegistry(dir).publish(r.model(), new ModelCard(id, "benchmark", io.stillwater.features.definition.FeatureRegistry.schemaVersion(),
          r.encoder().featureNames(), Map.of(), r.encoder().spec(), Map.of(), Map.of(), Instant.now().toString(), "benchmark",
          null, Map.of(), Map.of()), "");
    }
    rows = null;
    List<Example> candidates = synthetic(200, 2L);
    try (ModelScorer scorer = ModelScorer.load(dir.resolve(id))) {
      ModelScorer.Candidates batch = ModelScorer.Candidates.of(candidates);
      for (int i = 0; i < 500; i++) {
        scorer.score(batch);
      }
      long[] nanos = new long[calls];
      for (int i = 0; i < calls; i++) {
        long s = System.nanoTime();
        scorer.score(batch);
        nanos[i] = System.nanoTime() - s;
      }
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "score 200 candidates, one call (encoding included), %d calls after 500 warm-up: "
          + "p50 %.0f µs, p99 %.0f µs, max %.0f µs%n", calls, nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3,
          nanos[calls - 1] / 1e3);
    } finally {
      ModelRegistry.deleteRecursively(dir);
    }
  }

  static List<Example> synthetic(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> names = TrainingData.numericFeatureNames();
    boolean[] nullable = new boolean[names.size()];
    for (int i = 0; i < nullable.length; i++) {
      nullable[i] = !"never".equals(io.stillwater.features.definition.FeatureRegistry.get(names.get(i)).missingWhen());
    }
    String[] categories = {"sleep", "meditation", "focus", "movement", "stress", "anxiety"};
    List<Example> out = new ArrayList<>(n);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int r = 0; r < n; r++) {
      double[] f = new double[names.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = nullable[i] && rng.nextInt(10) == 0 ? Double.NaN : rng.nextGaussian();
      }
      int c = rng.nextInt(categories.length);
      double z = 0.8 * f[0] - 0.6 * f[1] + 0.4 * c / 6.0 + (Double.isNaN(f[2]) ? 0 : 0.3 * f[2]);
      boolean label = rng.nextDouble() < 1 / (1 + Math.exp(-z));
      out.add(new Example("u" + rng.nextInt(10_000), "item-" + rng.nextInt(210), "s" + r, t.plusSeconds(r), label,
          categories[c], "narrator-" + rng.nextInt(12), f, null));
    }
    return out;
  }
}
