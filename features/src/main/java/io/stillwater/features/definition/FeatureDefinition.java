package io.stillwater.features.definition;

import java.time.Duration;
import java.util.Optional;

/**
 * One feature, as the registry defines it.
 *
 * @param name the column and key name everywhere (Parquet, store, API), e.g. {@code sleep_bounces_24h}
 * @param window the look-back window, absent for features that are not windowed (recency, latest search)
 * @param missingWhen when the value is missing (null) instead of a number, for people reading the docs
 */
public record FeatureDefinition(
    String name, Entity entity, ValueType type, Optional<Duration> window, String description, String missingWhen) {

  public static FeatureDefinition of(String name, Entity entity, ValueType type, Duration window, String description) {
    return new FeatureDefinition(name, entity, type, Optional.ofNullable(window), description, "never");
  }

  public FeatureDefinition missingWhen(String condition) {
    return new FeatureDefinition(name, entity, type, window, description, condition);
  }
}
