package io.stillwater.pipelines.streaming.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.push.Trigger;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules on the feature state the streaming fold keeps: each event is folded with {@link UserFeatures#update}
 * (what {@code UpsertFeatureState} runs), then the rules are evaluated on the state after it, in arrival order.
 */
class TriggerRulesTest {

  static final Catalog CATALOG = CatalogLoader.loadDefault();
  static final String SLEEP = CATALOG.inCategory(Category.SLEEP).get(0).contentId();
  static final String FOCUS = CATALOG.inCategory(Category.FOCUS).get(0).contentId();
  static final Instant T0 = Instant.parse("2026-11-28T20:00:00Z");

  private final UserFeatures features = new UserFeatures(CATALOG, (SearchFeatures) null);
  private final TriggerRules rules = new TriggerRules(TriggerConfig.bundled(), CATALOG);
  private final UserFeatureState state = new UserFeatureState();
  private int ids;

  /** Folds each event in order and evaluates the rules as the pipeline does, 1 s after the event. */
  private List<Trigger> fold(List<Event> events) {
    List<Trigger> out = new ArrayList<>();
    for (Event e : events) {
      features.update(state, e);
      out.addAll(rules.evaluate(e, state, e.ts().toEpochMilli() + 1000));
    }
    return out;
  }

  private String id() {
    return "e" + ++ids;
  }

  private ContentEnd end(Instant ts, String content, double position, boolean completed) {
    return new ContentEnd(id(), "u1", ts, content, "s1", position, completed);
  }

  private Biometric heartRate(int minute, double bpm) {
    return new Biometric(id(), "u1", T0.plus(Duration.ofMinutes(minute)), null, bpm, "watch");
  }

  private Biometric steps(int minute, int steps) {
    return new Biometric(id(), "u1", T0.plus(Duration.ofMinutes(minute)), steps, null, "watch");
  }

  @Test
  void a_sleep_item_left_early_fires_sleep_bounce_with_the_sleep_flag_and_its_key() {
    List<Trigger> fired = fold(List.of(end(T0, SLEEP, 40, false)));

    assertThat(fired).hasSize(1);
    Trigger t = fired.get(0);
    assertThat(t.rule()).isEqualTo("sleep_bounce");
    assertThat(t.flag()).isEqualTo("sleep");
    assertThat(t.triggerId()).isEqualTo("sleep_bounce:u1:e1");
    assertThat(t.userId()).isEqualTo("u1");
    assertThat(t.eventId()).isEqualTo("e1");
    assertThat(t.eventTimeMs()).isEqualTo(T0.toEpochMilli());
    assertThat(t.detectedAtMs()).isEqualTo(T0.toEpochMilli() + 1000);
    assertThat(t.reason()).isEqualTo("left sleep item " + SLEEP + " after 40 s");
  }

  @Test
  void a_sleep_item_completed_or_left_late_or_another_category_left_early_fires_nothing() {
    assertThat(fold(List.of(
        end(T0, SLEEP, 40, true),
        end(T0.plusSeconds(600), SLEEP, 120, false),
        end(T0.plusSeconds(900), FOCUS, 10, false)))).isEmpty();
  }

  @Test
  void a_search_fires_after_search_with_the_query_as_reason() {
    List<Trigger> fired = fold(List.of(new Search(id(), "u1", T0, "calm before   my exams")));

    assertThat(fired).extracting(Trigger::rule, Trigger::flag, Trigger::triggerId, Trigger::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("search", "after_search", "search:u1:e1",
            "searched \"calm before my exams\""));
  }

  @Test
  void heart_rate_above_the_threshold_for_ten_minutes_fires_stress_relief_once_when_it_reaches_ten_minutes() {
    List<Biometric> samples = new ArrayList<>();
    samples.add(heartRate(0, 80)); // resting
    for (int minute = 2; minute <= 20; minute += 2) {
      samples.add(heartRate(minute, 112)); // elevated from minute 2 to 20
    }
    List<Trigger> fired = fold(new ArrayList<>(samples));

    assertThat(fired).hasSize(1);
    Trigger t = fired.get(0);
    assertThat(t.rule()).isEqualTo("heart_rate_elevated");
    assertThat(t.flag()).isEqualTo("stress_relief");
    assertThat(t.eventTimeMs()).isEqualTo(T0.plus(Duration.ofMinutes(12)).toEpochMilli()); // 2 → 12: ten minutes
    assertThat(t.triggerId()).isEqualTo("heart_rate_elevated:u1:" + samples.get(6).eventId());
    assertThat(t.reason()).isEqualTo("heart rate above 100 bpm for 10 min (now 112 bpm)");
  }

  @Test
  void heart_rate_at_the_threshold_or_elevated_for_less_than_ten_minutes_or_broken_by_a_gap_fires_nothing() {
    List<Event> events = new ArrayList<>();
    for (int minute = 0; minute <= 30; minute += 2) {
      events.add(heartRate(minute, 100)); // at, not above
    }
    for (int minute = 40; minute <= 48; minute += 2) {
      events.add(heartRate(minute, 120)); // eight minutes
    }
    events.add(heartRate(50, 95));
    events.add(heartRate(60, 120)); // 60 → 80 elevated, but with a 16-minute gap (max 15)
    events.add(heartRate(76, 120));
    events.add(heartRate(80, 120));
    assertThat(fold(events)).isEmpty();
  }

  @Test
  void steps_over_the_threshold_within_thirty_minutes_fire_movement_once_per_run() {
    List<Event> events = new ArrayList<>();
    for (int minute = 0; minute <= 60; minute += 5) {
      events.add(steps(minute, 1000)); // a long run: 1,000 steps every 5 min for an hour
    }
    List<Trigger> fired = fold(events);

    assertThat(fired).hasSize(1);
    Trigger t = fired.get(0);
    assertThat(t.rule()).isEqualTo("long_run");
    assertThat(t.flag()).isEqualTo("movement");
    assertThat(t.eventTimeMs()).isEqualTo(T0.plus(Duration.ofMinutes(15)).toEpochMilli()); // 4,000 > 3,000
    assertThat(t.reason()).isEqualTo("4000 steps in 30 min (over 3000)");
  }

  @Test
  void steps_at_the_threshold_within_thirty_minutes_fire_nothing() {
    List<Event> events = new ArrayList<>();
    for (int minute = 0; minute <= 60; minute += 5) {
      events.add(steps(minute, 500)); // at most 6 × 500 = 3,000 in any 30 minutes: not over
    }
    assertThat(fold(events)).isEmpty();
  }

  @Test
  void an_event_older_than_max_event_age_fires_nothing() {
    Search old = new Search(id(), "u1", T0, "sleep");
    features.update(state, old);
    assertThat(rules.evaluate(old, state, T0.plusSeconds(601).toEpochMilli())).isEmpty();
    assertThat(rules.evaluate(old, state, T0.plusSeconds(600).toEpochMilli())).hasSize(1);
  }

  @Test
  void a_rule_that_is_off_fires_nothing() {
    TriggerRules onlySearch = new TriggerRules(TriggerConfig.parse(
        "{\"rules\": {\"search\": {}, \"sleep_bounce\": {\"enabled\": false}}}", "test"), CATALOG);
    ContentEnd bounce = end(T0, SLEEP, 10, false);
    features.update(state, bounce);
    assertThat(onlySearch.evaluate(bounce, state, T0.toEpochMilli())).isEmpty();
  }
}
