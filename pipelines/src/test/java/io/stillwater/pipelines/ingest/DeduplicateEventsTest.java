package io.stillwater.pipelines.ingest;

import static io.stillwater.pipelines.TestEvents.SLEEP;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.contract.event.Search;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class DeduplicateEventsTest {

  static final Instant T0 = Instant.parse("2026-11-20T07:00:00Z");

  static List<Event> input() {
    List<Event> events = new ArrayList<>();
    // a, delivered three times, byte-identical: one kept, two duplicates
    for (int i = 0; i < 3; i++) {
      events.add(new ContentStart("a", "u1", T0, SLEEP, "s1"));
    }
    // b: two different events under one id; the earlier ts wins whatever the order
    events.add(new Search("b", "u1", T0.plusSeconds(10), "later"));
    events.add(new Search("b", "u1", T0.plusSeconds(5), "earlier"));
    // c: same id and ts, different content: the smaller JSON text wins
    events.add(new Search("c", "u2", T0, "zzz"));
    events.add(new Search("c", "u2", T0, "aaa"));
    // d: delivered once
    events.add(new Search("d", "u2", T0, "once"));
    return events;
  }

  @Test
  void keeps_the_first_copy_per_event_id_and_counts_the_rest() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    List<Event> shuffled = new ArrayList<>(input());
    Collections.shuffle(shuffled, new Random(7));
    PCollection<Event> unique = p.apply(Create.of(shuffled).withCoder(EventCoder.of())).apply(DeduplicateEvents.byEventId());

    PAssert.that(unique.apply(MapElements.into(TypeDescriptors.strings()).via(EventJson::write)))
        .containsInAnyOrder(
            EventJson.write(new ContentStart("a", "u1", T0, SLEEP, "s1")),
            EventJson.write(new Search("b", "u1", T0.plusSeconds(5), "earlier")),
            EventJson.write(new Search("c", "u2", T0, "aaa")),
            EventJson.write(new Search("d", "u2", T0, "once")));

    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.read(result);
    assertThat(counters).containsEntry(PipelineCounters.EVENTS_DUPLICATE, 4L)
        .containsEntry(PipelineCounters.EVENTS_UNIQUE, 4L);
    assertThat(counters.get(PipelineCounters.EVENTS_UNIQUE) + counters.get(PipelineCounters.EVENTS_DUPLICATE))
        .isEqualTo(input().size());
  }

  @Test
  void the_result_does_not_depend_on_the_number_of_buckets_or_the_order_of_copies() {
    for (int buckets : new int[] {1, 3, 64}) {
      TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
      List<Event> shuffled = new ArrayList<>(input());
      Collections.shuffle(shuffled, new Random(buckets));
      PCollection<Event> unique = p.apply(Create.of(shuffled).withCoder(EventCoder.of()))
          .apply(DeduplicateEvents.byEventId().withBuckets(buckets));
      PAssert.that(unique.apply(MapElements.into(TypeDescriptors.strings()).via(EventJson::write)))
          .containsInAnyOrder(
              EventJson.write(new ContentStart("a", "u1", T0, SLEEP, "s1")),
              EventJson.write(new Search("b", "u1", T0.plusSeconds(5), "earlier")),
              EventJson.write(new Search("c", "u2", T0, "aaa")),
              EventJson.write(new Search("d", "u2", T0, "once")));
      p.run().waitUntilFinish();
    }
  }

  @Test
  void buckets_are_a_fixed_function_of_the_id() {
    // String.hashCode is specified by the JLS, so this holds on every JVM and runner
    assertThat(DeduplicateEvents.bucketOf("a", 16)).isEqualTo(Math.floorMod("a".hashCode(), 16));
    assertThat(DeduplicateEvents.bucketOf("3f1e0a9c-0000-4000-8000-000000000000", 7)).isBetween(0, 6);
  }
}
