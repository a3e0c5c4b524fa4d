package io.stillwater.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void aucCountsPairsAndHalvesTies() {
    assertThat(Metrics.auc(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new boolean[] {false, false, true, true}))
        .isCloseTo(0.75, within(1e-12));
    assertThat(Metrics.auc(new float[] {0.5f, 0.5f}, new boolean[] {false, true})).isCloseTo(0.5, within(1e-12));
    assertThat(Metrics.auc(new float[] {0.1f, 0.9f}, new boolean[] {false, true})).isEqualTo(1.0);
    assertThat(Metrics.auc(new float[] {0.1f, 0.9f}, new boolean[] {true, true})).isNaN();
  }

  @Test
  void logLossIsMeanCrossEntropy() {
    assertThat(Metrics.logLoss(new float[] {0.5f, 0.5f}, new boolean[] {true, false})).isCloseTo(Math.log(2), within(1e-9));
    assertThat(Metrics.logLoss(new float[] {1f}, new boolean[] {false})).isCloseTo(-Math.log(1e-7), within(1e-6));
  }

  @Test
  void rankCountsHigherScoresAndHalfTheTies() {
    float[] s = {0.9f, 0.5f, 0.5f, 0.1f, 0.5f};
    assertThat(Evaluation.rank(s, 0, 5, 0)).isEqualTo(1.0);
    assertThat(Evaluation.rank(s, 0, 5, 1)).isEqualTo(3.0); // one above, two tied
    assertThat(Evaluation.rank(s, 0, 5, 3)).isEqualTo(5.0);
  }
}
