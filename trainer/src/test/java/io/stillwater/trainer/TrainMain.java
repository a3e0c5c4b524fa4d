package io.stillwater.trainer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Run in a fresh JVM by {@link ModelScorerTest}: trains on [from, holdout), prints held-out scores as float bits. */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    List<Example> train = TrainingData.load(dir, Instant.parse(args[1]), Instant.parse(args[2]));
    List<Example> heldOut = TrainingData.load(dir, Instant.parse(args[2]), Instant.parse(args[3]));
    try (Trainer.Result r = Trainer.train(train, Trainer.Options.defaults().withMaxEpochs(Integer.parseInt(args[4])), e -> {})) {
      StringBuilder out = new StringBuilder();
      for (float s : r.score(heldOut)) {
        out.append(Float.floatToIntBits(s)).append('\n');
      }
      System.out.print(out);
      System.out.flush();
    }
  }
}
