package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * State stays bounded however long the history: tiles for the longest window (30 d, plus the rounding hour)
 * and raw facts for 25 h. What is kept still gives exact values, checked against a brute-force reference
 * over the full event list.
 */
class PruningTest {

  private static final int HOURS = 40 * 24;
  /** The newest sample, on the hour. */
  private static final Instant NEWEST = Fixtures.floorHour(AS_OF);

  private static List<Biometric> samples;
  private static UserFeatures features;
  private static UserFeatureState state;

  @BeforeAll
  static void fold_forty_days_of_hourly_samples() {
    samples = new ArrayList<>();
    for (int i = 0; i < HOURS; i++) {
      Instant ts = NEWEST.minus(Duration.ofHours(HOURS - 1 - i));
      samples.add(new Biometric("e-" + i, USER, ts, 100 + i, 55.5 + (i * 7 % 40), "watch"));
    }
    features = Fixtures.userFeatures();
    state = Fixtures.foldUser(features, samples);
  }

  @Test
  void state_keeps_no_tiles_older_than_31_days() {
    // One tile per sampled hour, from floorHour(newest - 30 d) - 1 h through newest's hour: 722 of 960.
    assertThat(state.facts.tileCount()).isEqualTo(30 * 24 + 2).isLessThanOrEqualTo(31 * 24);
  }

  @Test
  void state_keeps_at_most_25_hours_of_raw_facts() {
    // Samples at newest - 25 h .. newest: 26 samples, each a steps fact and a heart-rate fact.
    assertThat(state.facts.rawSize()).isEqualTo(26 * 2);
  }

  @Test
  void values_for_the_last_day_are_still_exact() {
    for (Instant asOf : List.of(NEWEST.minus(Duration.ofMinutes(59)), NEWEST.plusMillis(1),
        NEWEST.plus(Duration.ofMinutes(10)), NEWEST.plus(Duration.ofHours(20)))) {
      FeatureVector v = features.valuesAt(USER, state, asOf);
      assertThat(v.values().get("steps_1h")).as("steps_1h at %s", asOf).isEqualTo(stepsIn(asOf, Duration.ofHours(1)));
      assertThat(v.values().get("steps_24h")).as("steps_24h at %s", asOf).isEqualTo(stepsIn(asOf, Duration.ofDays(1)));
      assertThat(v.values().get("heart_rate_avg_15m")).as("hr at %s", asOf).isEqualTo(heartRateAvg15m(asOf));
      assertThat(v.values().get("resting_heart_rate_7d")).as("resting at %s", asOf).isEqualTo(restingHeartRate(asOf));
    }
  }

  @Test
  void exact_values_at_the_newest_sample_are_what_the_samples_say() {
    FeatureVector v = features.valuesAt(USER, state, NEWEST.plus(Duration.ofMinutes(10)));
    // Last sample i = 959: 1059 steps, 55.5 + (959 * 7 % 40) = 88.5 bpm; the day holds i = 936..959.
    // The week holds i = 791..959, 169 samples: bpm residues 0..3 four times each, so rank ceil(16.9) = 17
    // is residue 4: 59.5.
    assertThat(v.values().get("steps_1h")).isEqualTo(1059L);
    assertThat(v.values().get("steps_24h")).isEqualTo((long) (1036 + 1059) * 24 / 2);
    assertThat(v.values().get("heart_rate_avg_15m")).isEqualTo(88.5);
    assertThat(v.values().get("resting_heart_rate_7d")).isEqualTo(59.5);
    assertThat(v.values().get("heart_rate_elevation")).isEqualTo(29.0);
  }

  @Test
  void content_state_is_pruned_the_same_way() {
    List<Event> starts = new ArrayList<>();
    for (int i = 0; i < HOURS; i++) {
      starts.add(new ContentStart("e-" + i, USER, NEWEST.minus(Duration.ofHours(HOURS - 1 - i)), Fixtures.SLEEP, "s-" + i));
    }
    ContentFeatureState content = Fixtures.foldContent(starts);
    assertThat(content.facts.tileCount()).isEqualTo(30 * 24 + 2);
    assertThat(content.facts.rawSize()).isEqualTo(26);
    FeatureVector v = new ContentFeatures().valuesAt(Fixtures.SLEEP, content, NEWEST.plusMillis(1));
    assertThat(v.values().get("content_starts_24h")).isEqualTo(24L);
    assertThat(v.values().get("content_starts_7d")).isEqualTo(7 * 24L + 1);
    assertThat(v.values().get("content_popularity_30d")).isEqualTo(30 * 24L + 1);
  }

  // --- brute-force references over the full, unpruned sample list ---

  private static long stepsIn(Instant asOf, Duration window) {
    Instant from = asOf.minus(window);
    return samples.stream().filter(s -> s.ts().isAfter(from) && s.ts().isBefore(asOf))
        .mapToLong(Biometric::steps).sum();
  }

  private static Double heartRateAvg15m(Instant asOf) {
    Instant from = asOf.minus(Duration.ofMinutes(15));
    List<Double> in = samples.stream().filter(s -> s.ts().isAfter(from) && s.ts().isBefore(asOf))
        .map(Biometric::heartRateBpm).toList();
    return in.isEmpty() ? null : in.stream().mapToDouble(Double::doubleValue).sum() / in.size();
  }

  private static Double restingHeartRate(Instant asOf) {
    Instant from = Fixtures.floorHour(asOf.minus(Duration.ofDays(7)));
    List<Double> in = samples.stream().filter(s -> !s.ts().isBefore(from) && s.ts().isBefore(asOf))
        .map(Biometric::heartRateBpm).sorted().toList();
    return in.isEmpty() ? null : in.get((int) Math.ceil(0.1 * in.size()) - 1);
  }
}
