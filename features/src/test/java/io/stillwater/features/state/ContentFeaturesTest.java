package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.SLEEP;
import static io.stillwater.features.state.Fixtures.ago;
import static io.stillwater.features.state.Fixtures.contentValuesAt;
import static io.stillwater.features.state.Fixtures.end;
import static io.stillwater.features.state.Fixtures.start;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per content item: starts, smoothed bounce and completion rates, popularity. */
class ContentFeaturesTest {

  private static Duration h(long hours) {
    return Duration.ofHours(hours);
  }

  private static Duration d(long days) {
    return Duration.ofDays(days);
  }

  @Test
  void an_item_without_sessions_has_zero_counts_and_rates_of_one_half() {
    FeatureVector v = contentValuesAt(SLEEP, AS_OF, List.of());
    assertThat(v.values()).containsExactly(
        entry("content_starts_24h", 0L), entry("content_starts_7d", 0L),
        entry("content_bounce_rate_24h", 0.5), entry("content_bounce_rate_7d", 0.5),
        entry("content_completion_rate_24h", 0.5),
        entry("content_completion_rate_7d", 0.5), entry("content_popularity_30d", 0L));
  }

  @Test
  void starts_are_counted_over_24_hours_7_days_and_30_days() {
    FeatureVector v = contentValuesAt(SLEEP, AS_OF, List.of(
        start(ago(h(1)), SLEEP), start(ago(h(2)), SLEEP), start(ago(h(3)), SLEEP), start(ago(h(5)), SLEEP),
        start(ago(d(2)), SLEEP), start(ago(d(3)), SLEEP), start(ago(d(10)), SLEEP), start(ago(d(29)), SLEEP),
        start(ago(d(31)), SLEEP), start(AS_OF, SLEEP)));
    assertThat(v.values().get("content_starts_24h")).isEqualTo(4L);
    assertThat(v.values().get("content_starts_7d")).isEqualTo(6L);
    assertThat(v.values().get("content_popularity_30d")).isEqualTo(8L);
  }

  @Test
  void bounce_and_completion_rates_are_outcomes_plus_one_over_ended_sessions_plus_two() {
    List<Event> events = List.of(
        // 24 h: 2 bounces, 1 completed, 1 abandoned after 10 minutes -> ended 4.
        end(ago(h(1)), SLEEP, 30, false), end(ago(h(2)), SLEEP, 100, false), end(ago(h(3)), SLEEP, 1800, true),
        end(ago(h(5)), SLEEP, 600, false),
        // 7 d adds 2 completed -> ended 6, bounces 2, completed 3.
        end(ago(d(2)), SLEEP, 1800, true), end(ago(d(3)), SLEEP, 1795.5, true),
        // Outside the week.
        end(ago(d(8)), SLEEP, 10, false));
    FeatureVector v = contentValuesAt(SLEEP, AS_OF, events);
    assertThat(v.values().get("content_bounce_rate_24h")).isEqualTo(3.0 / 6.0);
    assertThat(v.values().get("content_completion_rate_24h")).isEqualTo(2.0 / 6.0);
    assertThat(v.values().get("content_bounce_rate_7d")).isEqualTo(3.0 / 8.0);
    assertThat(v.values().get("content_completion_rate_7d")).isEqualTo(4.0 / 8.0);
  }

  @Test
  void content_bounce_uses_the_same_two_minute_definition_as_users() {
    assertThat(contentValuesAt(SLEEP, AS_OF, List.of(end(ago(h(1)), SLEEP, 119.9, false)))
        .values().get("content_bounce_rate_24h")).isEqualTo(2.0 / 3.0);
    assertThat(contentValuesAt(SLEEP, AS_OF, List.of(end(ago(h(1)), SLEEP, 120, false)))
        .values().get("content_bounce_rate_24h")).isEqualTo(1.0 / 3.0);
    FeatureVector completedEarly = contentValuesAt(SLEEP, AS_OF, List.of(end(ago(h(1)), SLEEP, 30, true)));
    assertThat(completedEarly.values().get("content_bounce_rate_24h")).isEqualTo(1.0 / 3.0);
    assertThat(completedEarly.values().get("content_completion_rate_24h")).isEqualTo(2.0 / 3.0);
  }

  @Test
  void events_other_than_session_starts_and_ends_change_nothing() {
    ContentFeatureState state = Fixtures.foldContent(List.of(
        Fixtures.progress(ago(h(1)), SLEEP, 60), Fixtures.impression(ago(h(1)), List.of(SLEEP)),
        Fixtures.steps(ago(h(1)), 100), Fixtures.heartRate(ago(h(1)), 70.0), Fixtures.search(ago(h(1)), "sleep")));
    assertThat(state.facts.rawSize()).isZero();
    assertThat(state.facts.tileCount()).isZero();
    assertThat(new ContentFeatures().valuesAt(SLEEP, state, AS_OF).values())
        .isEqualTo(contentValuesAt(SLEEP, AS_OF, List.of()).values());
  }

  @Test
  void content_vector_lists_the_registry_s_content_features_in_order() {
    FeatureVector v = contentValuesAt(SLEEP, AS_OF, List.of());
    assertThat(v.entityId()).isEqualTo(SLEEP);
    assertThat(v.asOf()).isEqualTo(AS_OF);
    assertThat(v.values().keySet()).containsExactlyElementsOf(
        FeatureRegistry.forEntity(Entity.CONTENT)
            .stream().map(FeatureDefinition::name).toList());
  }
}
