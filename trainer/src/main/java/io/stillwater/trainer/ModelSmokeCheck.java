package io.stillwater.trainer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The check before a model goes live (retrain's verify step): the registered SavedModel loads in this fresh JVM
 * and scores a smoke set (the newest day of training examples, at most 500) with probabilities in [0, 1], the
 * same scores twice.
 */
public final class ModelSmokeCheck {

  private ModelSmokeCheck() {}

  /** What the check saw; the message says what failed when {@code ok} is false. */
  public record Result(boolean ok, int rows, double meanProbability, String message) {}

  public static Result run(Path workspace, String modelId) {
    Path trainingDir = workspace.resolve("lake").resolve("training");
    Instant[] coverage = TrainingData.coverage(trainingDir);
    Instant until = coverage[1].plusMillis(1);
    List<Example> rows = TrainingData.load(trainingDir, until.minus(Duration.ofDays(1)), until, true);
    rows = rows.subList(0, Math.min(500, rows.size()));
    if (rows.isEmpty()) {
      return new Result(false, 0, Double.NaN, "no training examples in the newest day to score");
    }
    try (ModelScorer scorer = ModelScorer.load(ModelRegistry.inWorkspace(workspace).dir(modelId))) {
      float[] first = scorer.scoreExamples(rows);
      float[] again = scorer.scoreExamples(rows);
      double sum = 0;
      for (float p : first) {
        if (!(p >= 0 && p <= 1)) {
          return new Result(false, rows.size(), Double.NaN, "a score outside [0, 1]: " + p);
        }
        sum += p;
      }
      if (!Arrays.equals(first, again)) {
        return new Result(false, rows.size(), sum / rows.size(), "scoring the same rows twice gave different scores");
      }
      return new Result(true, rows.size(), sum / rows.size(), String.format(Locale.ROOT,
          "model %s loads and scores %d smoke rows (mean probability %.3f), the same twice", modelId, rows.size(),
          sum / rows.size()));
    }
  }
}
