package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.ago;
import static io.stillwater.features.state.Fixtures.heartRate;
import static io.stillwater.features.state.Fixtures.steps;
import static io.stillwater.features.state.Fixtures.userValuesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Steps and heart-rate features of a user: exact values, and missing exactly when documented. */
class UserBiometricFeaturesTest {

  private static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  private static Duration h(long hours) {
    return Duration.ofHours(hours);
  }

  // --- steps ---

  @Test
  void steps_are_missing_when_the_user_never_reported_steps() {
    FeatureVector v = userValuesAt(AS_OF, List.of(heartRate(ago(min(5)), 70.0)));
    assertThat(v.isMissing("steps_1h")).isTrue();
    assertThat(v.isMissing("steps_24h")).isTrue();
  }

  @Test
  void steps_are_missing_when_the_only_steps_sample_is_at_or_after_as_of() {
    FeatureVector v = userValuesAt(AS_OF, List.of(steps(AS_OF, 300), steps(AS_OF.plusSeconds(60), 300)));
    assertThat(v.isMissing("steps_1h")).isTrue();
    assertThat(v.isMissing("steps_24h")).isTrue();
  }

  @Test
  void steps_are_zero_not_missing_when_the_user_reported_steps_but_none_in_the_window() {
    FeatureVector v = userValuesAt(AS_OF, List.of(steps(ago(Duration.ofDays(2)), 500)));
    assertThat(v.values().get("steps_1h")).isEqualTo(0L);
    assertThat(v.values().get("steps_24h")).isEqualTo(0L);
  }

  @Test
  void steps_are_zero_not_missing_when_every_sample_reported_zero_steps() {
    FeatureVector v = userValuesAt(AS_OF, List.of(steps(ago(min(10)), 0)));
    assertThat(v.values().get("steps_1h")).isEqualTo(0L);
    assertThat(v.values().get("steps_24h")).isEqualTo(0L);
  }

  @Test
  void steps_are_missing_long_after_the_last_sample_only_if_never_reported() {
    // A single sample 40 days ago still means the user reports steps: 0, not missing.
    FeatureVector v = userValuesAt(AS_OF, List.of(steps(ago(Duration.ofDays(40)), 500)));
    assertThat(v.values().get("steps_24h")).isEqualTo(0L);
  }

  @Test
  void steps_sum_exactly_over_the_last_hour_and_the_last_day() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        steps(ago(min(10)), 120), steps(ago(min(50)), 300), steps(ago(h(2)), 1000), steps(ago(h(23)), 2000),
        steps(ago(h(25)), 5000), steps(AS_OF, 7), heartRate(ago(min(5)), 80.0)));
    assertThat(v.values().get("steps_1h")).isEqualTo(420L);
    assertThat(v.values().get("steps_24h")).isEqualTo(3420L);
  }

  @Test
  void a_sample_with_both_measurements_counts_for_steps_and_heart_rate() {
    Biometric both = new Biometric("e-both", Fixtures.USER, ago(min(3)), 250, 88.0, "watch");
    FeatureVector v = userValuesAt(AS_OF, List.of(both));
    assertThat(v.values().get("steps_1h")).isEqualTo(250L);
    assertThat(v.values().get("heart_rate_avg_15m")).isEqualTo(88.0);
  }

  // --- heart rate ---

  @Test
  void heart_rate_avg_15m_is_the_mean_of_the_samples_in_the_last_15_minutes() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        heartRate(ago(min(1)), 60.0), heartRate(ago(min(7)), 70.0), heartRate(ago(min(14)), 95.0),
        heartRate(ago(min(20)), 200.0), heartRate(AS_OF, 200.0)));
    assertThat(v.values().get("heart_rate_avg_15m")).isEqualTo(75.0);
  }

  @Test
  void heart_rate_avg_15m_is_missing_when_no_sample_in_the_last_15_minutes() {
    FeatureVector v = userValuesAt(AS_OF, List.of(heartRate(ago(min(16)), 70.0), steps(ago(min(2)), 40)));
    assertThat(v.isMissing("heart_rate_avg_15m")).isTrue();
    assertThat(v.values().get("resting_heart_rate_7d")).isEqualTo(70.0);
    assertThat(v.isMissing("heart_rate_elevation")).isTrue();
  }

  @Test
  void heart_rate_features_are_all_missing_without_samples() {
    FeatureVector v = userValuesAt(AS_OF, List.of(steps(ago(min(2)), 40)));
    assertThat(v.isMissing("heart_rate_avg_15m")).isTrue();
    assertThat(v.isMissing("resting_heart_rate_7d")).isTrue();
    assertThat(v.isMissing("heart_rate_elevation")).isTrue();
  }

  @Test
  void resting_heart_rate_is_the_10th_percentile_by_nearest_rank() {
    // 20 samples 60..79 over the last 20 hours, folded in shuffled order: rank ceil(0.1 * 20) = 2 -> 61.
    List<Event> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(heartRate(ago(h(i + 1)), 60.0 + i));
    }
    Collections.shuffle(samples, new Random(7));
    samples.add(heartRate(ago(Duration.ofDays(8)), 40.0)); // outside the week
    FeatureVector v = userValuesAt(AS_OF, samples);
    assertThat(v.values().get("resting_heart_rate_7d")).isEqualTo(61.0);
  }

  @Test
  void low_percentile_uses_nearest_rank() {
    assertThat(UserFeatures.lowPercentile(EntityFacts.SortedValues.of(List.of()))).isNull();
    assertThat(UserFeatures.lowPercentile(EntityFacts.SortedValues.of(List.of(72.0)))).isEqualTo(72.0);
    assertThat(UserFeatures.lowPercentile(EntityFacts.SortedValues.of(List.of(9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0, 10.0)))).isEqualTo(1.0);
    assertThat(UserFeatures.lowPercentile(EntityFacts.SortedValues.of(List.of(9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0, 10.0, 11.0))))
        .isEqualTo(2.0);
  }

  @Test
  void resting_heart_rate_uses_samples_spread_over_the_week() {
    // One sample every 8 hours for 6.5 days: 60..79; the lowest two are the oldest.
    List<Event> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(heartRate(ago(h(8L * (19 - i) + 1)), 60.0 + i));
    }
    assertThat(userValuesAt(AS_OF, samples).values().get("resting_heart_rate_7d")).isEqualTo(61.0);
  }

  @Test
  void heart_rate_elevation_is_the_recent_average_minus_the_resting_baseline() {
    // Week: 60..79 plus the two recent samples 90 and 100 = 22 samples, rank ceil(2.2) = 3 -> 62.
    // Last 15 minutes: 90 and 100 -> 95. Elevation 95 - 62 = 33.
    List<Event> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(heartRate(ago(h(6L * i + 1)), 60.0 + i));
    }
    samples.add(heartRate(ago(min(3)), 90.0));
    samples.add(heartRate(ago(min(12)), 100.0));
    FeatureVector v = userValuesAt(AS_OF, samples);
    assertThat(v.values().get("heart_rate_avg_15m")).isEqualTo(95.0);
    assertThat(v.values().get("resting_heart_rate_7d")).isEqualTo(62.0);
    assertThat(v.values().get("heart_rate_elevation")).isEqualTo(33.0);
  }
}
