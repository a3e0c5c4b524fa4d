package io.stillwater.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.Search;
import io.stillwater.pipelines.PipelineCounters;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class KeepEventsBeforeTest {

  static final Instant UNTIL = Instant.parse("2026-11-28T00:00:00Z");

  @Test
  void keeps_events_strictly_before_the_watermark_and_counts_the_rest() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Event before = new Search("before", "u1", UNTIL.minusMillis(1), "q");
    Event at = new Search("at", "u1", UNTIL, "q");
    Event after = new Search("after", "u1", UNTIL.plusSeconds(3600), "q");
    Event longBefore = new Search("long-before", "u1", UNTIL.minusSeconds(86_400 * 30), "q");

    PAssert.that(p.apply(Create.<Event>of(before, at, after, longBefore))
            .apply(KeepEventsBefore.watermark(UNTIL))
            .apply(MapElements.into(TypeDescriptors.strings()).via(Event::eventId)))
        .containsInAnyOrder("before", "long-before");

    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.read(result);
    assertThat(counters).containsEntry(PipelineCounters.EVENTS_BEFORE_UNTIL, 2L)
        .containsEntry(PipelineCounters.EVENTS_AFTER_UNTIL, 2L);
  }
}
