package io.stillwater.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

  static Example example(String category, String narrator, double popularity, double secsSinceSearch) {
    double[] f = new double[TrainingData.numericFeatureNames().size()];
    Arrays.fill(f, 1.0);
    f[TrainingData.featureIndex("content_popularity_30d")] = popularity;
    f[TrainingData.featureIndex("secs_since_search")] = secsSinceSearch;
    f[TrainingData.featureIndex("hour_of_day_utc")] = popularity;
    return new Example("u", "c-" + category, "s", Instant.EPOCH, true, category, narrator, f, null);
  }

  @Test
  void standardizesWithTrainingStatisticsAndFlagsMissing() {
    List<Example> train = new ArrayList<>();
    train.add(example("sleep", "ana", 0, 10));
    train.add(example("focus", "ben", 2, Double.NaN));
    train.add(example("sleep", "ben", 4, 30));
    FeatureEncoder enc = FeatureEncoder.fit(train);
    int hour = TrainingData.featureIndex("hour_of_day_utc");
    int pop = TrainingData.featureIndex("content_popularity_30d");
    int since = TrainingData.featureIndex("secs_since_search");
    // hour_of_day_utc (a number): mean 2, population std sqrt(8/3).
    assertThat(enc.spec().means().get(hour)).isCloseTo(2.0, within(1e-12));
    assertThat(enc.spec().stds().get(hour)).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
    // content_popularity_30d is a count: log1p first.
    assertThat(enc.spec().logTransformed()).contains("content_popularity_30d").doesNotContain("hour_of_day_utc");
    assertThat(enc.spec().means().get(pop)).isCloseTo((Math.log1p(0) + Math.log1p(2) + Math.log1p(4)) / 3, within(1e-12));
    // secs_since_search: statistics over the present values only.
    assertThat(enc.spec().means().get(since)).isCloseTo(20.0, within(1e-12));
    // A constant feature gets std 1, not a division by zero.
    assertThat(enc.spec().stds().get(TrainingData.featureIndex("sleep_starts_24h"))).isEqualTo(1.0);

    FeatureEncoder.Batch b = enc.encode(train);
    int w = enc.numericWidth();
    assertThat(w).isEqualTo(enc.featureNames().size() + enc.nullableFeatures().size() + Interactions.NAMES.size());
    assertThat(enc.numericColumns()).hasSize(w);
    assertThat(enc.nullableFeatures()).contains("secs_since_search", "search_content_sim").doesNotContain("hour_of_day_utc");
    int missingCol = enc.featureNames().size() + enc.nullableFeatures().indexOf("secs_since_search");
    assertThat(b.numeric()[w + since]).isEqualTo(0f); // missing -> 0 after normalization
    assertThat(b.numeric()[w + missingCol]).isEqualTo(1f);
    assertThat(b.numeric()[missingCol]).isEqualTo(0f);
    assertThat(b.numeric()[hour]).isCloseTo((float) (-2 / Math.sqrt(8.0 / 3)), within(1e-6f));

    assertThat(enc.spec().categoryVocabulary()).containsExactly(FeatureEncoder.UNKNOWN, "focus", "sleep");
    assertThat(enc.categoryId("sleep")).isEqualTo(2);
    assertThat(enc.categoryId("movement")).isZero();
    assertThat(enc.narratorId("nobody")).isZero();
    assertThat(enc.contentId("c-sleep")).isPositive();
    assertThat(enc.contentId("new-item")).isZero();

    // The spec rebuilds the same encoder (what model.json stores).
    FeatureEncoder again = new FeatureEncoder(enc.spec());
    assertThat(again.encode(train).numeric()).containsExactly(b.numeric());
  }

  @Test
  void interactionsDescribeTheUserAgainstThisItemsCategory() {
    double[] f = new double[TrainingData.numericFeatureNames().size()];
    Arrays.fill(f, Double.NaN);
    for (String c : List.of("sleep", "meditation", "focus", "movement", "stress", "anxiety")) {
      f[TrainingData.featureIndex("sessions_7d_" + c)] = 0;
      f[TrainingData.featureIndex("minutes_7d_" + c)] = 0;
    }
    f[TrainingData.featureIndex("sessions_7d_focus")] = 3;
    f[TrainingData.featureIndex("sessions_7d_sleep")] = 1;
    f[TrainingData.featureIndex("minutes_7d_focus")] = 30;
    f[TrainingData.featureIndex("search_sim_focus")] = 0.6;
    f[TrainingData.featureIndex("search_sim_sleep")] = 0.2;
    f[TrainingData.featureIndex("secs_since_search")] = 0;
    f[TrainingData.featureIndex("search_content_sim")] = 0.5;
    f[TrainingData.featureIndex("sleep_bounce_rate_7d")] = 0.75;
    f[TrainingData.featureIndex("hour_of_day_utc")] = 6;
    double[] focus = new double[Interactions.NAMES.size()];
    double[] sleep = new double[Interactions.NAMES.size()];
    Interactions.compute(f, "focus", focus);
    Interactions.compute(f, "sleep", sleep);
    int i = Interactions.NAMES.indexOf("item_category_sessions_7d");
    assertThat(focus[i]).isCloseTo(Math.log1p(3), within(1e-12));
    assertThat(sleep[i]).isCloseTo(Math.log1p(1), within(1e-12));
    assertThat(focus[Interactions.NAMES.indexOf("item_category_session_share_7d")]).isCloseTo(0.75, within(1e-12));
    assertThat(focus[Interactions.NAMES.indexOf("item_category_minutes_share_7d")]).isCloseTo(1.0, within(1e-12));
    assertThat(sleep[Interactions.NAMES.indexOf("item_category_minutes_share_7d")]).isZero();
    assertThat(focus[Interactions.NAMES.indexOf("item_category_search_sim")]).isEqualTo(0.6);
    assertThat(focus[Interactions.NAMES.indexOf("item_category_search_sim_vs_best")]).isZero();
    assertThat(sleep[Interactions.NAMES.indexOf("item_category_search_sim_vs_best")]).isCloseTo(-0.4, within(1e-12));
    assertThat(focus[Interactions.NAMES.indexOf("search_recency")]).isEqualTo(1.0);
    assertThat(focus[Interactions.NAMES.indexOf("search_content_sim_recent")]).isEqualTo(0.5);
    assertThat(focus[Interactions.NAMES.indexOf("sleep_bounce_rate_7d_if_sleep")]).isZero();
    assertThat(sleep[Interactions.NAMES.indexOf("sleep_bounce_rate_7d_if_sleep")]).isEqualTo(0.75);
    assertThat(sleep[Interactions.NAMES.indexOf("item_is_sleep")]).isEqualTo(1.0);
    assertThat(focus[Interactions.NAMES.indexOf("hour_sin")]).isCloseTo(1.0, within(1e-12));

    // Never searched: the search interactions are missing or 0, never NaN after encoding.
    f[TrainingData.featureIndex("secs_since_search")] = Double.NaN;
    f[TrainingData.featureIndex("search_sim_focus")] = Double.NaN;
    f[TrainingData.featureIndex("search_sim_sleep")] = Double.NaN;
    f[TrainingData.featureIndex("search_content_sim")] = Double.NaN;
    Interactions.compute(f, "focus", focus);
    assertThat(focus[Interactions.NAMES.indexOf("item_category_search_sim")]).isNaN();
    assertThat(focus[Interactions.NAMES.indexOf("search_recency")]).isZero();
    assertThat(focus[Interactions.NAMES.indexOf("search_content_sim_recent")]).isZero();
  }

  @Test
  void aSpecWithoutTheInteractionInputsIsAFeatureSchemaMismatch() {
    FeatureEncoder enc = FeatureEncoder.fit(List.of(example("sleep", "ana", 0, 10), example("focus", "ben", 2, 5)));
    FeatureEncoder.Spec s = enc.spec();
    FeatureEncoder.Spec old = new FeatureEncoder.Spec(s.features(), s.logTransformed(), s.means(), s.stds(),
        s.nullableFeatures(), s.categoryVocabulary(), s.narratorVocabulary(), s.contentVocabulary(), null, null, null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FeatureEncoder(old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature-schema mismatch").hasMessageContaining("no interaction inputs");
  }
}
