package io.stillwater.trainer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Run in a fresh JVM by {@link ModelScorerTest}: loads a model, scores a range of the table, prints one score a line. */
public final class ScoreMain {
  private ScoreMain() {}

  public static void main(String[] args) {
    List<Example> rows = TrainingData.load(Path.of(args[1]), Instant.parse(args[2]), Instant.parse(args[3]));
    try (ModelScorer scorer = ModelScorer.load(Path.of(args[0]))) {
      StringBuilder out = new StringBuilder();
      for (float s : scorer.scoreExamples(rows)) {
        out.append(Float.floatToIntBits(s)).append('\n');
      }
      System.out.print(out);
      System.out.flush();
    }
  }
}
