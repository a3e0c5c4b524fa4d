package io.stillwater.trainer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The shared simulated table split as `train` does by default: the last 2 days held out. */
final class SimulatedData {
  static final Instant UNTIL = TrainingTableFixture.END.atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant HOLDOUT = UNTIL.minus(Duration.ofDays(2));
  static final Instant FROM = UNTIL.minus(Duration.ofDays(TrainingTableFixture.DAYS + 1));

  private static List<Example> train;
  private static List<Example> heldOut;

  private SimulatedData() {}

  static Path dir() {
    return TrainingTableFixture.simulatedTrainingDir();
  }

  static synchronized List<Example> train() {
    if (train == null) {
      train = TrainingData.load(dir(), FROM, HOLDOUT);
    }
    return train;
  }

  static synchronized List<Example> heldOut() {
    if (heldOut == null) {
      heldOut = TrainingData.load(dir(), HOLDOUT, UNTIL, true);
    }
    return heldOut;
  }
}
