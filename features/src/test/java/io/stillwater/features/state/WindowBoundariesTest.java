package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.SLEEP;
import static io.stillwater.features.state.Fixtures.ago;
import static io.stillwater.features.state.Fixtures.contentValuesAt;
import static io.stillwater.features.state.Fixtures.end;
import static io.stillwater.features.state.Fixtures.floorHour;
import static io.stillwater.features.state.Fixtures.heartRate;
import static io.stillwater.features.state.Fixtures.sleepBounce;
import static io.stillwater.features.state.Fixtures.start;
import static io.stillwater.features.state.Fixtures.steps;
import static io.stillwater.features.state.Fixtures.userValuesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every windowed feature at the edges of its window. Windows are (asOf - W, asOf). Windows of 24 h or less
 * are exact at both edges; 7 d and 30 d windows start at floorHour(asOf - W) (docs/features.md).
 */
class WindowBoundariesTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);
  private static final Double RATE_ONE_OF_ONE = 2.0 / 3.0;
  private static final Double RATE_NO_DATA = 0.5;

  /**
   * One feature's boundary case: {@code make} builds the event being moved around, {@code background}
   * events sit outside every window, {@code counted}/{@code notCounted} are the exact values read at asOf.
   */
  record Case(String feature, Duration window, Function<Instant, Event> make, List<Event> background,
      Object counted, Object notCounted) {

    Object valueWith(Instant eventTs, Instant asOf) {
      List<Event> events = new ArrayList<>(background);
      events.add(make.apply(eventTs));
      FeatureVector v = FeatureRegistry.get(feature).entity() == Entity.USER
          ? userValuesAt(asOf, events)
          : contentValuesAt(SLEEP, asOf, events);
      return v.values().get(feature);
    }

    @Override
    public String toString() {
      return feature;
    }
  }

  static Stream<Case> shortWindows() {
    List<Event> stepsLongAgo = List.of(steps(ago(Duration.ofDays(3)), 1000));
    return Stream.of(
        new Case("sleep_starts_24h", DAY, t -> start(t, SLEEP), List.of(), 1L, 0L),
        new Case("sleep_bounces_24h", DAY, Fixtures::sleepBounce, List.of(), 1L, 0L),
        new Case("steps_24h", DAY, t -> steps(t, 250), stepsLongAgo, 250L, 0L),
        new Case("steps_1h", HOUR, t -> steps(t, 250), stepsLongAgo, 250L, 0L),
        new Case("heart_rate_avg_15m", Duration.ofMinutes(15), t -> heartRate(t, 72.5), List.of(), 72.5, null),
        // The only sample is also the resting baseline: elevation 0 inside the 15 minutes, missing outside.
        new Case("heart_rate_elevation", Duration.ofMinutes(15), t -> heartRate(t, 72.5), List.of(), 0.0, null),
        new Case("content_starts_24h", DAY, t -> start(t, SLEEP), List.of(), 1L, 0L),
        new Case("content_bounce_rate_24h", DAY, Fixtures::sleepBounce, List.of(), RATE_ONE_OF_ONE, RATE_NO_DATA),
        new Case("content_completion_rate_24h", DAY, t -> end(t, SLEEP, 1800, true), List.of(), RATE_ONE_OF_ONE,
            RATE_NO_DATA));
  }

  static Stream<Case> longWindows() {
    List<Case> cases = new ArrayList<>(List.of(
        new Case("sleep_bounces_7d", WEEK, Fixtures::sleepBounce, List.of(), 1L, 0L),
        new Case("sleep_bounce_rate_7d", WEEK, Fixtures::sleepBounce, List.of(), RATE_ONE_OF_ONE, RATE_NO_DATA),
        new Case("completion_rate_30d", MONTH, t -> end(t, Fixtures.MEDITATION, 600, true), List.of(),
            RATE_ONE_OF_ONE, RATE_NO_DATA),
        new Case("resting_heart_rate_7d", WEEK, t -> heartRate(t, 58.5), List.of(), 58.5, null),
        new Case("content_starts_7d", WEEK, t -> start(t, SLEEP), List.of(), 1L, 0L),
        new Case("content_bounce_rate_7d", WEEK, Fixtures::sleepBounce, List.of(), RATE_ONE_OF_ONE, RATE_NO_DATA),
        new Case("content_completion_rate_7d", WEEK, t -> end(t, SLEEP, 1800, true), List.of(), RATE_ONE_OF_ONE,
            RATE_NO_DATA),
        new Case("content_popularity_30d", MONTH, t -> start(t, SLEEP), List.of(), 1L, 0L)));
    for (Category c : Category.values()) {
      String id = Fixtures.first(c, 0);
      cases.add(new Case(FeatureRegistry.sessions7d(c), WEEK, t -> start(t, id), List.of(), 1L, 0L));
      cases.add(new Case(FeatureRegistry.minutes7d(c), WEEK, t -> end(t, id, 90, false), List.of(), 1.5, 0.0));
    }
    return cases.stream();
  }

  @Test
  void every_windowed_feature_has_a_boundary_case_with_its_registered_window() {
    List<String> windowed = FeatureRegistry.all().stream().filter(f -> f.window().isPresent())
        .map(FeatureDefinition::name).toList();
    List<Case> cases = Stream.concat(shortWindows(), longWindows()).toList();
    assertThat(cases).extracting(Case::feature).containsExactlyInAnyOrderElementsOf(windowed);
    for (Case c : cases) {
      assertThat(FeatureRegistry.get(c.feature()).window()).as(c.feature()).contains(c.window());
    }
  }

  // --- windows of 24 h or less: exact at both edges ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortWindows")
  void short_window_does_not_count_an_event_exactly_one_window_before_as_of(Case c) {
    assertThat(c.valueWith(AS_OF.minus(c.window()), AS_OF)).isEqualTo(c.notCounted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortWindows")
  void short_window_counts_an_event_one_millisecond_after_the_window_start(Case c) {
    assertThat(c.valueWith(AS_OF.minus(c.window()).plus(MS), AS_OF)).isEqualTo(c.counted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortWindows")
  void short_window_does_not_count_an_event_exactly_at_as_of(Case c) {
    assertThat(c.valueWith(AS_OF, AS_OF)).isEqualTo(c.notCounted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortWindows")
  void short_window_counts_an_event_one_millisecond_before_as_of(Case c) {
    assertThat(c.valueWith(AS_OF.minus(MS), AS_OF)).isEqualTo(c.counted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortWindows")
  void short_window_is_exact_even_when_as_of_is_on_the_hour(Case c) {
    Instant onTheHour = floorHour(AS_OF);
    assertThat(c.valueWith(onTheHour.minus(c.window()), onTheHour)).isEqualTo(c.notCounted());
    assertThat(c.valueWith(onTheHour.minus(c.window()).plus(MS), onTheHour)).isEqualTo(c.counted());
    assertThat(c.valueWith(onTheHour.minus(MS), onTheHour)).isEqualTo(c.counted());
    assertThat(c.valueWith(onTheHour, onTheHour)).isEqualTo(c.notCounted());
  }

  // --- 7 d and 30 d windows: trailing edge rounded down to the hour, leading edge exact ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_counts_an_event_at_the_start_of_the_hour_holding_as_of_minus_window(Case c) {
    assertThat(c.valueWith(floorHour(AS_OF.minus(c.window())), AS_OF)).isEqualTo(c.counted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_counts_an_event_exactly_one_window_before_as_of_by_the_documented_hour_rounding(Case c) {
    assertThat(c.valueWith(AS_OF.minus(c.window()), AS_OF)).isEqualTo(c.counted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_does_not_count_an_event_one_millisecond_before_the_rounded_window_start(Case c) {
    assertThat(c.valueWith(floorHour(AS_OF.minus(c.window())).minus(MS), AS_OF)).isEqualTo(c.notCounted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_counts_events_in_as_of_s_own_hour_before_as_of(Case c) {
    assertThat(c.valueWith(floorHour(AS_OF), AS_OF)).isEqualTo(c.counted());
    assertThat(c.valueWith(AS_OF.minus(MS), AS_OF)).isEqualTo(c.counted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_does_not_count_an_event_exactly_at_as_of(Case c) {
    assertThat(c.valueWith(AS_OF, AS_OF)).isEqualTo(c.notCounted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longWindows")
  void long_window_with_as_of_on_the_hour_starts_exactly_one_window_before(Case c) {
    Instant onTheHour = floorHour(AS_OF);
    assertThat(c.valueWith(onTheHour.minus(c.window()).minus(MS), onTheHour)).isEqualTo(c.notCounted());
    assertThat(c.valueWith(onTheHour.minus(c.window()), onTheHour)).isEqualTo(c.counted());
    assertThat(c.valueWith(onTheHour.minus(MS), onTheHour)).isEqualTo(c.counted());
    assertThat(c.valueWith(onTheHour, onTheHour)).isEqualTo(c.notCounted());
  }

  // --- correct at the moment of reading ---

  @Test
  void twenty_four_hour_counts_read_tomorrow_no_longer_include_today() {
    List<Event> today = List.of(start(ago(Duration.ofHours(2)), SLEEP), sleepBounce(ago(Duration.ofHours(2)).plusSeconds(30)),
        steps(ago(Duration.ofMinutes(30)), 400));
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState state = Fixtures.foldUser(features, today);

    FeatureVector now = features.valuesAt(Fixtures.USER, state, AS_OF);
    assertThat(now.values().get("sleep_starts_24h")).isEqualTo(1L);
    assertThat(now.values().get("sleep_bounces_24h")).isEqualTo(1L);
    assertThat(now.values().get("steps_24h")).isEqualTo(400L);

    FeatureVector tomorrow = features.valuesAt(Fixtures.USER, state, AS_OF.plus(DAY));
    assertThat(tomorrow.values().get("sleep_starts_24h")).isEqualTo(0L);
    assertThat(tomorrow.values().get("sleep_bounces_24h")).isEqualTo(0L);
    assertThat(tomorrow.values().get("steps_24h")).isEqualTo(0L);
    assertThat(tomorrow.values().get("steps_1h")).isEqualTo(0L);
    // Still inside the week.
    assertThat(tomorrow.values().get("sleep_bounces_7d")).isEqualTo(1L);
    assertThat(tomorrow.values().get("sessions_7d_sleep")).isEqualTo(1L);
  }

  @Test
  void twenty_four_hour_counts_read_tomorrow_include_only_tomorrow_s_events_when_more_arrive() {
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState state = Fixtures.foldUser(features, List.of(start(ago(Duration.ofHours(2)), SLEEP)));
    features.update(state, start(AS_OF.plus(DAY).minus(Duration.ofHours(1)), SLEEP));

    FeatureVector tomorrow = features.valuesAt(Fixtures.USER, state, AS_OF.plus(DAY));
    assertThat(tomorrow.values().get("sleep_starts_24h")).isEqualTo(1L);
    assertThat(tomorrow.values().get("sessions_7d_sleep")).isEqualTo(2L);
  }

  @Test
  void seven_day_counts_read_eight_days_later_no_longer_include_them() {
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState state = Fixtures.foldUser(features,
        List.of(start(ago(HOUR), SLEEP), sleepBounce(ago(HOUR).plusSeconds(40)), heartRate(ago(HOUR), 61.0)));

    FeatureVector later = features.valuesAt(Fixtures.USER, state, AS_OF.plus(Duration.ofDays(8)));
    assertThat(later.values().get("sleep_bounces_7d")).isEqualTo(0L);
    assertThat(later.values().get("sessions_7d_sleep")).isEqualTo(0L);
    assertThat(later.values().get("minutes_7d_sleep")).isEqualTo(0.0);
    assertThat(later.values().get("sleep_bounce_rate_7d")).isEqualTo(0.5);
    assertThat(later.isMissing("resting_heart_rate_7d")).isTrue();
    // 30 days still include it: (0 completed + 1) / (1 ended + 2).
    assertThat(later.values().get("completion_rate_30d")).isEqualTo(1.0 / 3.0);
  }

  @Test
  void content_counts_read_later_no_longer_include_sessions_that_left_the_window() {
    ContentFeatureState state = Fixtures.foldContent(List.of(start(ago(HOUR), SLEEP), sleepBounce(ago(HOUR).plusSeconds(40))));
    ContentFeatures features = new ContentFeatures();

    FeatureVector tomorrow = features.valuesAt(SLEEP, state, AS_OF.plus(DAY));
    assertThat(tomorrow.values().get("content_starts_24h")).isEqualTo(0L);
    assertThat(tomorrow.values().get("content_bounce_rate_24h")).isEqualTo(0.5);
    assertThat(tomorrow.values().get("content_starts_7d")).isEqualTo(1L);

    FeatureVector nextMonth = features.valuesAt(SLEEP, state, AS_OF.plus(Duration.ofDays(31)));
    assertThat(nextMonth.values().get("content_popularity_30d")).isEqualTo(0L);
    assertThat(nextMonth.values().get("content_bounce_rate_7d")).isEqualTo(0.5);
  }
}
