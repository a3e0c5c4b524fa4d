package io.stillwater.pipelines.features;

import static io.stillwater.pipelines.features.HandBuiltEvents.FOCUS;
import static io.stillwater.pipelines.features.HandBuiltEvents.SLEEP;
import static io.stillwater.pipelines.features.HandBuiltEvents.T0;
import static io.stillwater.pipelines.features.HandBuiltEvents.before;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

class BuildTrainingExamplesTest {

  @Test
  void one_row_per_ended_session_with_label_user_content_and_context_features() {
    List<Event> events = new ArrayList<>();
    events.addAll(new HandBuiltEvents("a").session(before(Duration.ofHours(2)), SLEEP, "a1", 50, false).events());
    events.addAll(new HandBuiltEvents("u")
        .search(before(Duration.ofMinutes(2)), "can't fall asleep")
        .session(T0, SLEEP, "probe", 900, true)
        .start(T0.plusSeconds(2000), FOCUS, "never-ended")
        .events());
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<Event> input = p.apply(Create.of(events).withCoder(EventCoder.of()));
    PCollectionTuple users = input.apply("Users", new ComputeUserFeatures(CatalogSource.shipped(), T0.plus(Duration.ofHours(3))));
    PCollectionTuple contents = input.apply("Contents", new ComputeContentFeatures(T0.plus(Duration.ofHours(3))));
    PCollection<GenericRecord> rows = PCollectionTuple.of(BuildTrainingExamples.USER_SIDE, users.get(ComputeUserFeatures.SESSIONS))
        .and(BuildTrainingExamples.CONTENT_SIDE, contents.get(ComputeContentFeatures.AT_SESSION_START))
        .apply(new BuildTrainingExamples(CatalogSource.shipped()));
    PAssert.that(rows).satisfies(all -> {
      List<GenericRecord> list = new ArrayList<>();
      all.forEach(list::add);
      assertThat(list).extracting(r -> r.get("session_id").toString()).containsExactlyInAnyOrder("a1", "probe");
      GenericRecord probe = list.stream().filter(r -> r.get("session_id").toString().equals("probe")).findFirst().orElseThrow();
      assertThat(probe.get("user_id").toString()).isEqualTo("u");
      assertThat(probe.get("start_ts")).isEqualTo(T0.toEpochMilli());
      assertThat(probe.get("completed")).isEqualTo(true);
      assertThat(probe.get("bounced")).isEqualTo(false);
      assertThat(probe.get("category").toString()).isEqualTo("sleep");
      assertThat(probe.get("feature_schema_version").toString()).isEqualTo(FeatureRegistry.schemaVersion());
      assertThat(probe.get("content_starts_24h")).isEqualTo(1L); // a1, two hours earlier
      assertThat(probe.get("sleep_starts_24h")).isEqualTo(0L);
      assertThat(probe.get("secs_since_search")).isEqualTo(120.0);
      assertThat(probe.get("hour_of_day_utc")).isEqualTo(22.0);
      assertThat((Double) probe.get("search_content_sim")).isBetween(-1.0, 1.0);
      assertThat((Double) probe.get("search_sim_sleep")).isGreaterThan((Double) probe.get("search_sim_focus"));
      GenericRecord a1 = list.stream().filter(r -> r.get("session_id").toString().equals("a1")).findFirst().orElseThrow();
      assertThat(a1.get("bounced")).isEqualTo(true);
      assertThat(a1.get("search_content_sim")).isNull();
      assertThat(a1.get("steps_1h")).isNull();
      return null;
    });
    p.run().waitUntilFinish();
  }
}
