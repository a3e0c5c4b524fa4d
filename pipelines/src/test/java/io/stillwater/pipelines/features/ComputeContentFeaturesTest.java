package io.stillwater.pipelines.features;

import static io.stillwater.pipelines.features.HandBuiltEvents.SLEEP;
import static io.stillwater.pipelines.features.HandBuiltEvents.T0;
import static io.stillwater.pipelines.features.HandBuiltEvents.before;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Event;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

/** The content feature family through the Beam transform: other users' sessions shape an item's features. */
class ComputeContentFeaturesTest {

  @Test
  void item_rates_at_a_session_start_count_earlier_sessions_of_every_user() {
    List<Event> events = new ArrayList<>();
    events.addAll(new HandBuiltEvents("a").session(before(Duration.ofHours(24)), SLEEP, "a1", 20, false).events()); // start out, end in
    events.addAll(new HandBuiltEvents("b").session(before(Duration.ofHours(6)), SLEEP, "b1", 1800, true).events());
    events.addAll(new HandBuiltEvents("c").session(before(Duration.ofDays(3)), SLEEP, "c1", 60, false).events());
    events.addAll(new HandBuiltEvents("d").session(T0, SLEEP, "probe", 10, false).events());
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple out = p.apply(Create.of(events).withCoder(EventCoder.of()))
        .apply(new ComputeContentFeatures(T0.plus(Duration.ofHours(1))));
    PAssert.that(out.get(ComputeContentFeatures.AT_SESSION_START)).satisfies(all -> {
      FeatureVector v = null;
      for (KV<String, FeatureVector> kv : all) {
        if (kv.getKey().equals("probe")) {
          v = kv.getValue();
        }
      }
      assertThat(v).isNotNull();
      assertThat(v.entityId()).isEqualTo(SLEEP);
      assertThat(v.number("content_starts_24h")).hasValue(1); // b1; a1 started exactly 24 h before
      assertThat(v.number("content_starts_7d")).hasValue(3);
      // 24 h: ended a1 (bounce) and b1 (completed): bounce (1 + 1) / (2 + 2), completion likewise.
      assertThat(v.number("content_bounce_rate_24h").getAsDouble()).isEqualTo(0.5);
      assertThat(v.number("content_completion_rate_24h").getAsDouble()).isEqualTo(0.5);
      // 7 d: a1, b1, c1 ended; bounces a1, c1: (2 + 1) / (3 + 2); completed b1: (1 + 1) / (3 + 2).
      assertThat(v.number("content_bounce_rate_7d").getAsDouble()).isEqualTo(0.6);
      assertThat(v.number("content_completion_rate_7d").getAsDouble()).isEqualTo(0.4);
      assertThat(v.number("content_popularity_30d")).hasValue(3);
      return null;
    });
    PAssert.that(out.get(ComputeContentFeatures.SNAPSHOTS)).satisfies(all -> {
      EntitySnapshot s = all.iterator().next();
      assertThat(s.entityId()).isEqualTo(SLEEP);
      assertThat(s.values().number("content_starts_24h")).hasValue(2); // b1 and the probe, at the watermark
      return null;
    });
    p.run().waitUntilFinish();
  }
}
