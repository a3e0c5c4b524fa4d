package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.ANXIETY;
import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.FOCUS;
import static io.stillwater.features.state.Fixtures.MEDITATION;
import static io.stillwater.features.state.Fixtures.MOVEMENT;
import static io.stillwater.features.state.Fixtures.NOT_IN_CATALOG;
import static io.stillwater.features.state.Fixtures.SLEEP;
import static io.stillwater.features.state.Fixtures.SLEEP_2;
import static io.stillwater.features.state.Fixtures.STRESS;
import static io.stillwater.features.state.Fixtures.ago;
import static io.stillwater.features.state.Fixtures.end;
import static io.stillwater.features.state.Fixtures.sleepBounce;
import static io.stillwater.features.state.Fixtures.start;
import static io.stillwater.features.state.Fixtures.userValuesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.FeatureRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sleep bounce and engagement features of a user: exact values from hand-built sessions. */
class UserSessionFeaturesTest {

  private static Duration h(long hours) {
    return Duration.ofHours(hours);
  }

  private static Duration d(long days) {
    return Duration.ofDays(days);
  }

  // --- the bounce definition ---

  @Test
  void an_abandoned_session_just_under_two_minutes_is_a_bounce() {
    ContentEnd e = end(ago(h(1)), SLEEP, 119.9, false);
    assertThat(Bounce.is(e)).isTrue();
    assertThat(userValuesAt(AS_OF, List.of(e)).values().get("sleep_bounces_24h")).isEqualTo(1L);
  }

  @Test
  void an_abandoned_session_at_exactly_two_minutes_is_not_a_bounce() {
    ContentEnd e = end(ago(h(1)), SLEEP, 120, false);
    assertThat(Bounce.is(e)).isFalse();
    FeatureVector v = userValuesAt(AS_OF, List.of(e));
    assertThat(v.values().get("sleep_bounces_24h")).isEqualTo(0L);
    assertThat(v.values().get("sleep_bounces_7d")).isEqualTo(0L);
    assertThat(v.isMissing("secs_since_sleep_bounce")).isTrue();
  }

  @Test
  void a_completed_session_is_not_a_bounce_however_short() {
    ContentEnd e = end(ago(h(1)), SLEEP, 30, true);
    assertThat(Bounce.is(e)).isFalse();
    assertThat(userValuesAt(AS_OF, List.of(e)).values().get("sleep_bounces_24h")).isEqualTo(0L);
  }

  @Test
  void bounces_off_other_categories_are_not_sleep_bounces() {
    FeatureVector v = userValuesAt(AS_OF, List.of(end(ago(h(1)), FOCUS, 10, false)));
    assertThat(v.values().get("sleep_bounces_24h")).isEqualTo(0L);
    assertThat(v.values().get("sleep_bounces_7d")).isEqualTo(0L);
    assertThat(v.values().get("sleep_bounce_rate_7d")).isEqualTo(0.5);
    assertThat(v.isMissing("secs_since_sleep_bounce")).isTrue();
  }

  // --- sleep counts and rates ---

  @Test
  void sleep_starts_and_bounces_count_events_in_their_windows() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        start(ago(h(1)), SLEEP), start(ago(h(3)), SLEEP_2), start(ago(h(30)), SLEEP), start(ago(h(2)), FOCUS),
        sleepBounce(ago(h(1)).plusSeconds(30)), sleepBounce(ago(h(30)).plusSeconds(30)),
        sleepBounce(ago(d(3))), end(ago(h(3)).plusSeconds(1800), SLEEP_2, 1800, true)));
    assertThat(v.values().get("sleep_starts_24h")).isEqualTo(2L);
    assertThat(v.values().get("sleep_bounces_24h")).isEqualTo(1L);
    assertThat(v.values().get("sleep_bounces_7d")).isEqualTo(3L);
  }

  @Test
  void sleep_bounce_rate_with_no_sessions_is_one_half() {
    assertThat(userValuesAt(AS_OF, List.of()).values().get("sleep_bounce_rate_7d")).isEqualTo(0.5);
  }

  @Test
  void sleep_bounce_rate_is_bounces_plus_one_over_ended_sessions_plus_two() {
    // 7 days: 3 bounces, 1 completed, 1 abandoned after 10 minutes (not a bounce) -> (3 + 1) / (5 + 2).
    // Outside: a bounce 8 days ago; a focus bounce is not a sleep session.
    FeatureVector v = userValuesAt(AS_OF, List.of(
        sleepBounce(ago(h(2))), sleepBounce(ago(d(2))), sleepBounce(ago(d(6))),
        end(ago(d(1)), SLEEP, 2400, true), end(ago(d(4)), SLEEP_2, 600, false),
        sleepBounce(ago(d(8))), end(ago(h(5)), FOCUS, 5, false)));
    assertThat(v.values().get("sleep_bounces_7d")).isEqualTo(3L);
    assertThat(v.values().get("sleep_bounce_rate_7d")).isEqualTo(4.0 / 7.0);
  }

  @Test
  void completion_rate_is_completed_plus_one_over_ended_plus_two_across_all_categories_over_30_days() {
    // 30 days: completed sleep, focus, meditation; a movement bounce and a stress abandon -> (3 + 1) / (5 + 2).
    // 31 days ago: a completed session, outside the window.
    FeatureVector v = userValuesAt(AS_OF, List.of(
        end(ago(h(2)), SLEEP, 2400, true), end(ago(d(10)), FOCUS, 1500, true), end(ago(d(29)), MEDITATION, 600, true),
        end(ago(d(5)), MOVEMENT, 20, false), end(ago(d(20)), STRESS, 400, false),
        end(ago(d(31)), ANXIETY, 300, true)));
    assertThat(v.values().get("completion_rate_30d")).isEqualTo(4.0 / 7.0);
  }

  @Test
  void completion_rate_with_no_sessions_is_one_half() {
    assertThat(userValuesAt(AS_OF, List.of()).values().get("completion_rate_30d")).isEqualTo(0.5);
  }

  // --- secs_since_sleep_bounce ---

  @Test
  void secs_since_sleep_bounce_is_missing_without_history() {
    FeatureVector v = userValuesAt(AS_OF, List.of());
    assertThat(v.isMissing("secs_since_sleep_bounce")).isTrue();
    assertThat(v.values()).containsEntry("secs_since_sleep_bounce", null);
    assertThat(v.number("secs_since_sleep_bounce")).isEmpty();
  }

  @Test
  void secs_since_sleep_bounce_is_the_exact_age_of_the_latest_bounce() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        sleepBounce(ago(h(3))), sleepBounce(ago(Duration.ofMillis(90_250))), sleepBounce(ago(d(2)))));
    assertThat(v.values().get("secs_since_sleep_bounce")).isEqualTo(90.25);
  }

  @Test
  void secs_since_sleep_bounce_ignores_bounces_at_or_after_as_of() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        sleepBounce(ago(h(1))), sleepBounce(AS_OF), sleepBounce(AS_OF.plusSeconds(10))));
    assertThat(v.values().get("secs_since_sleep_bounce")).isEqualTo(3600.0);
  }

  @Test
  void secs_since_sleep_bounce_is_missing_when_the_only_bounce_is_after_as_of() {
    FeatureVector v = userValuesAt(AS_OF, List.of(sleepBounce(AS_OF.plusSeconds(10))));
    assertThat(v.isMissing("secs_since_sleep_bounce")).isTrue();
  }

  @Test
  void secs_since_sleep_bounce_finds_an_earlier_bounce_in_the_tiles_when_a_later_one_is_after_as_of() {
    // Newest fact is 1 h after asOf, so raw facts before asOf - 24 h are gone: the 30 h old bounce is only
    // in its hourly tile, which keeps its exact time.
    FeatureVector v = userValuesAt(AS_OF, List.of(sleepBounce(ago(h(30))), sleepBounce(AS_OF.plus(h(1)))));
    assertThat(v.values().get("secs_since_sleep_bounce")).isEqualTo(30 * 3600.0);
  }

  @Test
  void secs_since_sleep_bounce_survives_pruning_of_old_bounces() {
    FeatureVector v = userValuesAt(AS_OF, List.of(sleepBounce(ago(d(40))), start(ago(h(1)), FOCUS)));
    assertThat(v.values().get("secs_since_sleep_bounce")).isEqualTo(40 * 86_400.0);
  }

  // --- days_since_last_session ---

  @Test
  void days_since_last_session_is_missing_without_history() {
    assertThat(userValuesAt(AS_OF, List.of()).isMissing("days_since_last_session")).isTrue();
  }

  @Test
  void days_since_last_session_is_measured_from_the_latest_start_of_any_category() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        start(ago(d(2).plus(h(6))), SLEEP), start(ago(h(36)), FOCUS), start(ago(d(12)), MOVEMENT)));
    assertThat(v.values().get("days_since_last_session")).isEqualTo(1.5);
  }

  @Test
  void days_since_last_session_ignores_starts_at_or_after_as_of() {
    FeatureVector v = userValuesAt(AS_OF, List.of(
        start(ago(h(6)), SLEEP), start(AS_OF, FOCUS), start(AS_OF.plusSeconds(1), MEDITATION)));
    assertThat(v.values().get("days_since_last_session")).isEqualTo(0.25);
  }

  @Test
  void days_since_last_session_is_missing_when_the_only_start_is_after_as_of() {
    assertThat(userValuesAt(AS_OF, List.of(start(AS_OF.plusSeconds(1), SLEEP))).isMissing("days_since_last_session"))
        .isTrue();
  }

  @Test
  void days_since_last_session_counts_starts_not_ends() {
    FeatureVector v = userValuesAt(AS_OF, List.of(start(ago(d(3)), SLEEP), end(ago(h(1)), SLEEP, 300, false)));
    assertThat(v.values().get("days_since_last_session")).isEqualTo(3.0);
  }

  // --- per-category engagement ---

  @Test
  void sessions_and_minutes_over_7_days_are_counted_per_category() {
    List<Event> events = List.of(
        start(ago(h(2)), SLEEP), start(ago(d(3)), SLEEP_2), start(ago(d(1)), FOCUS),
        start(ago(h(5)), MOVEMENT), start(ago(d(2)), MOVEMENT), start(ago(d(6)), MOVEMENT),
        start(ago(d(8)), SLEEP), start(ago(d(9)), MEDITATION),
        end(ago(h(1)), SLEEP, 600, false), end(ago(d(3)), SLEEP_2, 1200, true),
        end(ago(d(1)), FOCUS, 90, true),
        end(ago(h(5)), MOVEMENT, 45, false),
        end(ago(d(8)), SLEEP, 3000, true), end(ago(d(9)), MEDITATION, 600, true));
    FeatureVector v = userValuesAt(AS_OF, events);

    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.SLEEP))).isEqualTo(2L);
    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.MEDITATION))).isEqualTo(0L);
    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.FOCUS))).isEqualTo(1L);
    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.MOVEMENT))).isEqualTo(3L);
    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.STRESS))).isEqualTo(0L);
    assertThat(v.values().get(FeatureRegistry.sessions7d(Category.ANXIETY))).isEqualTo(0L);

    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.SLEEP))).isEqualTo(30.0);
    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.MEDITATION))).isEqualTo(0.0);
    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.FOCUS))).isEqualTo(1.5);
    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.MOVEMENT))).isEqualTo(0.75);
    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.STRESS))).isEqualTo(0.0);
    assertThat(v.values().get(FeatureRegistry.minutes7d(Category.ANXIETY))).isEqualTo(0.0);
  }

  // --- events that change nothing ---

  @Test
  void events_for_content_not_in_the_catalog_change_nothing() {
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState state = Fixtures.foldUser(features, List.of(
        start(ago(h(1)), NOT_IN_CATALOG), end(ago(h(1)).plusSeconds(20), NOT_IN_CATALOG, 20, false),
        end(ago(d(2)), NOT_IN_CATALOG, 1800, true)));

    assertThat(state.facts.rawSize()).isZero();
    assertThat(state.facts.tileCount()).isZero();
    assertThat(Fixtures.comparable(features.valuesAt(Fixtures.USER, state, AS_OF)))
        .isEqualTo(Fixtures.comparable(userValuesAt(AS_OF, List.of())));
  }

  @Test
  void content_progress_and_recommendation_impressions_change_nothing() {
    List<Event> base = List.of(start(ago(h(2)), SLEEP), sleepBounce(ago(h(2)).plusSeconds(30)), start(ago(h(1)), FOCUS));
    List<Event> withNoise = List.of(start(ago(h(2)), SLEEP), sleepBounce(ago(h(2)).plusSeconds(30)),
        start(ago(h(1)), FOCUS), Fixtures.progress(ago(h(1)).plusSeconds(60), FOCUS, 60),
        Fixtures.progress(ago(Duration.ofMinutes(1)), FOCUS, 3500),
        Fixtures.impression(ago(Duration.ofMinutes(30)), List.of(SLEEP, SLEEP_2, FOCUS)),
        Fixtures.impression(ago(Duration.ofSeconds(5)), List.of(MEDITATION)));

    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState noisy = Fixtures.foldUser(features, withNoise);
    UserFeatureState clean = Fixtures.foldUser(features, base);
    assertThat(noisy.facts.rawSize()).isEqualTo(clean.facts.rawSize());
    assertThat(Fixtures.comparable(features.valuesAt(Fixtures.USER, noisy, AS_OF)))
        .isEqualTo(Fixtures.comparable(features.valuesAt(Fixtures.USER, clean, AS_OF)));

    UserFeatureState onlyNoise = Fixtures.foldUser(features, withNoise.subList(3, withNoise.size()));
    assertThat(onlyNoise.facts.rawSize()).isZero();
    assertThat(onlyNoise.facts.tileCount()).isZero();
    assertThat(onlyNoise.searches()).isEmpty();
  }
}
