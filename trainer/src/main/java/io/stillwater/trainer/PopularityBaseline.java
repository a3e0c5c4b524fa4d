package io.stillwater.trainer;

import java.util.List;

/**
 * The baseline the model must beat: rank by the item's {@code content_popularity_30d} (content_start events over
 * 30 days, as of the session's start). For log loss the count is mapped to a probability by a one-feature
 * logistic regression on {@code log1p(popularity)} fitted on the training split, which is monotone, so AUC and
 * ranking are exactly those of the raw popularity.
 */
public final class PopularityBaseline {

  public static final String FEATURE = "content_popularity_30d";
  private final int index = TrainingData.featureIndex(FEATURE);
  private final double a;
  private final double b;

  private PopularityBaseline(double a, double b) {
    this.a = a;
    this.b = b;
  }

  public static PopularityBaseline fit(List<Example> training) {
    int idx = TrainingData.featureIndex(FEATURE);
    int n = training.size();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double v = training.get(i).features()[idx];
      x[i] = Double.isNaN(v) ? 0 : Math.log1p(Math.max(0, v));
      y[i] = training.get(i).completed() ? 1 : 0;
    }
    // Newton's method on (a, b) for p = sigmoid(a + b x), with a tiny ridge for stability.
    double a = 0;
    double b = 0;
    for (int iter = 0; iter < 50; iter++) {
      double ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
      for (int i = 0; i < n; i++) {
        double p = 1 / (1 + Math.exp(-(a + b * x[i])));
        double r = p - y[i];
        double w = p * (1 - p);
        ga += r;
        gb += r * x[i];
        haa += w;
        hab += w * x[i];
        hbb += w * x[i] * x[i];
      }
      double det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new PopularityBaseline(a, b);
  }

  public float[] score(List<Example> rows) {
    float[] out = new float[rows.size()];
    for (int i = 0; i < out.length; i++) {
      double v = rows.get(i).features()[index];
      double x = Double.isNaN(v) ? 0 : Math.log1p(Math.max(0, v));
      out[i] = (float) (1 / (1 + Math.exp(-(a + b * x))));
    }
    return out;
  }
}
