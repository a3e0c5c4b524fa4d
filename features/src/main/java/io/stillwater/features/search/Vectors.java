package io.stillwater.features.search;

import java.util.List;
import java.util.Objects;

/** Small arithmetic on dense float vectors. Sums are accumulated in {@code double}. */
public final class Vectors {

  private Vectors() {}

  /**
   * The cosine similarity of {@code a} and {@code b}, in [-1, 1]. For unit vectors this is their dot product.
   * If either vector is all zeros the angle is undefined and the result is {@code 0.0} ("no similarity").
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double cosine(float[] a, float[] b) {
    requireSameLength(a, b);
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      return 0.0;
    }
    double cosine = dot / (Math.sqrt(normA) * Math.sqrt(normB));
    return Math.max(-1.0, Math.min(1.0, cosine)); // rounding can step just outside [-1, 1]
  }

  /**
   * A new vector pointing the same way as {@code v} with L2 norm 1; {@code v} is not modified.
   *
   * @throws IllegalArgumentException if {@code v} is empty, all zeros, or contains NaN or infinity
   */
  public static float[] normalize(float[] v) {
    Objects.requireNonNull(v, "vector");
    if (v.length == 0) {
      throw new IllegalArgumentException("cannot normalize an empty vector");
    }
    double norm = norm(v);
    if (norm == 0 || !Double.isFinite(norm)) {
      throw new IllegalArgumentException("cannot normalize a vector with norm " + norm);
    }
    float[] unit = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      unit[i] = (float) (v[i] / norm);
    }
    return unit;
  }

  /** The L2 norm (Euclidean length) of {@code v}. */
  public static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /**
   * The component-wise mean of {@code vectors} (not normalized: normalize it when a direction is wanted).
   *
   * @throws IllegalArgumentException if the list is empty or the vectors have different lengths
   */
  public static float[] mean(List<float[]> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("cannot average an empty list of vectors");
    }
    float[] first = vectors.get(0);
    double[] sum = new double[first.length];
    for (float[] v : vectors) {
      requireSameLength(first, v);
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / vectors.size());
    }
    return mean;
  }

  private static void requireSameLength(float[] a, float[] b) {
    Objects.requireNonNull(a, "vector");
    Objects.requireNonNull(b, "vector");
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors have different lengths: " + a.length + " and " + b.length);
    }
  }
}
