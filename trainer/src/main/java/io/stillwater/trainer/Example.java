package io.stillwater.trainer;

import java.time.Instant;

/**
 * One training example: an ended session and its features as of its start.
 *
 * @param features the numeric features in {@link TrainingData#numericFeatureNames()} order, {@code NaN} = missing
 * @param searchEmbedding the user's latest search embedding, or null (missing, or not loaded)
 */
public record Example(
    String userId,
    String contentId,
    String sessionId,
    Instant startTs,
    boolean completed,
    String category,
    String narrator,
    double[] features,
    float[] searchEmbedding) {

  public double feature(int index) {
    return features[index];
  }

  /** The same session with other features (e.g. another candidate item's). */
  public Example withContent(String otherContentId, String otherCategory, String otherNarrator, double[] otherFeatures) {
    return new Example(userId, otherContentId, sessionId, startTs, false, otherCategory, otherNarrator, otherFeatures, searchEmbedding);
  }
}
