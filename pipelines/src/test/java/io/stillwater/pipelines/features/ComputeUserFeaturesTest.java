package io.stillwater.pipelines.features;

import static io.stillwater.pipelines.features.HandBuiltEvents.FOCUS;
import static io.stillwater.pipelines.features.HandBuiltEvents.SLEEP;
import static io.stillwater.pipelines.features.HandBuiltEvents.SLEEP_2;
import static io.stillwater.pipelines.features.HandBuiltEvents.T0;
import static io.stillwater.pipelines.features.HandBuiltEvents.before;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Event;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.pipelines.coders.EventCoder;
import io.stillwater.pipelines.ingest.DeduplicateEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

/** Each user feature family through the Beam transform, read at a probe session's start (asOf = T0). */
class ComputeUserFeaturesTest {

  static final Instant WATERMARK = T0.plus(Duration.ofHours(2));

  /** Runs the transform and returns the features of session "probe" (which starts at T0) for user u1. */
  private static PCollection<SessionStartFeatures> sessions(TestPipeline p, List<Event> events) {
    PCollectionTuple out = p.apply(Create.of(events).withCoder(EventCoder.of()))
        .apply(new ComputeUserFeatures(CatalogSource.shipped(), WATERMARK));
    return out.get(ComputeUserFeatures.SESSIONS);
  }

  private static FeatureVector probe(Iterable<SessionStartFeatures> sessions) {
    return StreamSupport.stream(sessions.spliterator(), false)
        .filter(s -> s.sessionId().equals("probe")).findFirst().orElseThrow().user();
  }

  private static TestPipeline pipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(false);
  }

  @Test
  void sleep_counts_exclude_an_event_exactly_a_window_before_and_one_at_asof() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .session(before(Duration.ofHours(24)), SLEEP, "exactly-24h-before", 30, false) // start out, its end is in
        .session(before(Duration.ofHours(24)).plusMillis(1), SLEEP_2, "just-inside", 600, false)
        .session(before(Duration.ofHours(3)), SLEEP, "completed", 1800, true)
        .start(T0, SLEEP, "at-asof") // same instant as the probe: never inside
        .session(T0, FOCUS, "probe", 700, true);
    TestPipeline p = pipeline();
    PAssert.that(sessions(p, u.events())).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sleep_starts_24h")).hasValue(2);
      // The first session bounced (30 s, ended 24h - 30 s before T0): inside both windows.
      assertThat(v.number("sleep_bounces_24h")).hasValue(1);
      assertThat(v.number("sleep_bounces_7d")).hasValue(1);
      // Ended sleep sessions in 7 d: 3 (bounce, 600 s abandoned, completed): (1 + 1) / (3 + 2).
      assertThat(v.number("sleep_bounce_rate_7d").getAsDouble()).isEqualTo(2.0 / 5);
      assertThat(v.number("secs_since_sleep_bounce").getAsDouble()).isEqualTo(24 * 3600 - 30);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void the_sessions_own_events_and_later_events_never_reach_its_features() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .session(T0, SLEEP, "probe", 40, false) // the probe itself bounces: not in its own features
        .session(T0.plusSeconds(120), SLEEP, "later", 50, false);
    TestPipeline p = pipeline();
    PAssert.that(sessions(p, u.events())).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sleep_starts_24h")).hasValue(0);
      assertThat(v.number("sleep_bounces_24h")).hasValue(0);
      assertThat(v.isMissing("secs_since_sleep_bounce")).isTrue();
      assertThat(v.isMissing("days_since_last_session")).isTrue();
      List<SessionStartFeatures> list = new ArrayList<>();
      all.forEach(list::add);
      SessionStartFeatures later = list.stream().filter(s -> s.sessionId().equals("later")).findFirst().orElseThrow();
      assertThat(later.user().number("sleep_bounces_24h")).hasValue(1);
      assertThat(later.bounced()).isTrue();
      assertThat(later.completed()).isFalse();
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void engagement_counts_sessions_and_minutes_per_category() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .session(before(Duration.ofDays(8)), FOCUS, "too-old", 600, true)
        .session(before(Duration.ofDays(2)), FOCUS, "f1", 900, true)
        .session(before(Duration.ofDays(1)), FOCUS, "f2", 300, false)
        .session(before(Duration.ofHours(5)), SLEEP, "s1", 1200, true)
        .session(T0, FOCUS, "probe", 100, false);
    TestPipeline p = pipeline();
    PAssert.that(sessions(p, u.events())).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sessions_7d_focus")).hasValue(2);
      assertThat(v.number("minutes_7d_focus")).hasValue((900 + 300) / 60.0);
      assertThat(v.number("sessions_7d_sleep")).hasValue(1);
      assertThat(v.number("minutes_7d_sleep")).hasValue(20.0);
      // 30 d: 4 ended, 3 completed: (3 + 1) / (4 + 2).
      assertThat(v.number("completion_rate_30d").getAsDouble()).isEqualTo(4.0 / 6);
      assertThat(v.number("days_since_last_session").getAsDouble()).isEqualTo(5 / 24.0);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void biometric_sums_and_heart_rate_baseline_at_session_start() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .steps(before(Duration.ofHours(1)), 5000) // exactly 1 h before: only in steps_24h
        .steps(before(Duration.ofMinutes(30)), 1200)
        .steps(T0, 999) // at asOf: in neither
        .heartRate(before(Duration.ofMinutes(15)), 150) // exactly 15 min before: out of the 15 min mean
        .heartRate(before(Duration.ofMinutes(10)), 120)
        .heartRate(before(Duration.ofMinutes(5)), 110);
    for (int i = 0; i < 20; i++) {
      u.heartRate(before(Duration.ofDays(2)).plus(Duration.ofMinutes(10L * i)), 60 + i);
    }
    u.session(T0, FOCUS, "probe", 600, true);
    TestPipeline p = pipeline();
    PAssert.that(sessions(p, u.events())).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("steps_1h")).hasValue(1200);
      assertThat(v.number("steps_24h")).hasValue(6200);
      assertThat(v.number("heart_rate_avg_15m")).hasValue(115.0);
      // 23 samples in 7 d: 60..79, 110, 120, 150; nearest-rank 10th percentile is the 3rd: 62.
      assertThat(v.number("resting_heart_rate_7d")).hasValue(62.0);
      assertThat(v.number("heart_rate_elevation")).hasValue(53.0);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void search_family_reflects_the_latest_query_before_the_session() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .search(before(Duration.ofMinutes(3)), "cramming for finals")
        .search(T0.plusSeconds(1), "can't fall asleep") // after asOf: not used
        .session(T0, FOCUS, "probe", 600, true);
    TestPipeline p = pipeline();
    PAssert.that(sessions(p, u.events())).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.vector("search_embedding")).hasSize(384);
      assertThat(v.number("secs_since_search")).hasValue(180.0);
      double focus = v.number("search_sim_focus").getAsDouble();
      assertThat(focus).isGreaterThan(v.number("search_sim_sleep").getAsDouble());
      assertThat(focus).isGreaterThan(v.number("search_sim_movement").getAsDouble());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void out_of_order_and_late_input_gives_the_same_features_as_ordered_input() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .session(before(Duration.ofHours(20)), SLEEP, "s1", 45, false)
        .steps(before(Duration.ofMinutes(20)), 800)
        .heartRate(before(Duration.ofMinutes(2)), 90)
        .search(before(Duration.ofHours(2)), "study music no lyrics")
        .session(T0, FOCUS, "probe", 600, true);
    List<Event> shuffled = new ArrayList<>(u.events());
    Collections.shuffle(shuffled, new Random(3));
    Collections.reverse(shuffled); // the late ones first, the early ones last
    TestPipeline p = pipeline();
    PCollection<SessionStartFeatures> ordered = sessions(p, u.events());
    PCollection<SessionStartFeatures> scrambled =
        p.apply("Scrambled", Create.of(shuffled).withCoder(EventCoder.of()))
            .apply("ComputeScrambled", new ComputeUserFeatures(CatalogSource.shipped(), WATERMARK))
            .get(ComputeUserFeatures.SESSIONS);
    PAssert.that(ordered).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sleep_bounces_24h")).hasValue(1);
      assertThat(v.number("steps_1h")).hasValue(800);
      assertThat(v.number("heart_rate_avg_15m")).hasValue(90.0);
      return null;
    });
    PAssert.that(scrambled).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sleep_bounces_24h")).hasValue(1);
      assertThat(v.number("steps_1h")).hasValue(800);
      assertThat(v.number("heart_rate_avg_15m")).hasValue(90.0);
      assertThat(v.number("secs_since_search")).hasValue(7200.0);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void duplicated_deliveries_count_once_after_deduplication() {
    HandBuiltEvents u = new HandBuiltEvents("u1")
        .session(before(Duration.ofHours(2)), SLEEP, "s1", 45, false)
        .steps(before(Duration.ofMinutes(20)), 800)
        .session(T0, FOCUS, "probe", 600, true);
    List<Event> delivered = new ArrayList<>(u.events());
    delivered.addAll(u.events().subList(0, 3)); // the bounce session and the steps, delivered twice
    TestPipeline p = pipeline();
    PCollection<SessionStartFeatures> out = p.apply(Create.of(delivered).withCoder(EventCoder.of()))
        .apply(DeduplicateEvents.byEventId())
        .apply(new ComputeUserFeatures(CatalogSource.shipped(), WATERMARK))
        .get(ComputeUserFeatures.SESSIONS);
    PAssert.that(out).satisfies(all -> {
      FeatureVector v = probe(all);
      assertThat(v.number("sleep_starts_24h")).hasValue(1);
      assertThat(v.number("sleep_bounces_24h")).hasValue(1);
      assertThat(v.number("steps_1h")).hasValue(800);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void snapshots_hold_each_users_state_and_values_at_the_watermark() {
    List<Event> events = new ArrayList<>(new HandBuiltEvents("u1").session(before(Duration.ofHours(1)), SLEEP, "a", 30, false).events());
    events.addAll(new HandBuiltEvents("u2").steps(before(Duration.ofMinutes(10)), 300).events());
    TestPipeline p = pipeline();
    PCollection<EntitySnapshot> snapshots = p.apply(Create.of(events).withCoder(EventCoder.of()))
        .apply(new ComputeUserFeatures(CatalogSource.shipped(), WATERMARK)).get(ComputeUserFeatures.SNAPSHOTS);
    PAssert.that(snapshots).satisfies(all -> {
      List<EntitySnapshot> list = new ArrayList<>();
      all.forEach(list::add);
      assertThat(list).extracting(EntitySnapshot::entityId).containsExactlyInAnyOrder("u1", "u2");
      EntitySnapshot u1 = list.stream().filter(s -> s.entityId().equals("u1")).findFirst().orElseThrow();
      assertThat(u1.values().asOf()).isEqualTo(WATERMARK);
      assertThat(u1.values().number("sleep_bounces_24h")).hasValue(1);
      assertThat(u1.newestEventMs()).isEqualTo(before(Duration.ofHours(1)).plusSeconds(30).toEpochMilli());
      EntitySnapshot u2 = list.stream().filter(s -> s.entityId().equals("u2")).findFirst().orElseThrow();
      assertThat(u2.values().number("steps_24h")).hasValue(300);
      assertThat(u2.state()).isNotEmpty();
      return null;
    });
    p.run().waitUntilFinish();
  }
}
