package io.stillwater.trainer;

import java.util.Arrays;
import java.util.Comparator;

/** Binary-classification metrics over scores and labels. */
public final class Metrics {
  private Metrics() {}

  static final double EPS = 1e-7;

  /** Area under the ROC curve (Mann-Whitney; tied scores count one half). NaN if one class is absent. */
  public static double auc(float[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]]) {
          rankSumPos += avgRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Mean binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7]. */
  public static double logLoss(float[] probabilities, boolean[] labels) {
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]));
      sum += labels[i] ? -Math.log(p) : -Math.log(1 - p);
    }
    return sum / probabilities.length;
  }
}
