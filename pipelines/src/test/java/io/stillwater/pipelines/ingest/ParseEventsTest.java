package io.stillwater.pipelines.ingest;

import static io.stillwater.pipelines.TestEvents.SLEEP;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.UnknownEvent;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class ParseEventsTest {

  static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:00Z");

  static final String GOOD_START = TestEvents.start("g1", "u1", "2026-11-20T07:00:00.000Z", SLEEP, "s1");
  static final String GOOD_UNKNOWN = "{\"event_id\":\"g2\",\"user_id\":\"u1\",\"type\":\"app_open\",\"ts\":\"2026-11-20T07:00:01Z\"}";
  static final String GOOD_BIOMETRIC = TestEvents.biometric("g3", "u2", "2026-11-20T07:10:00Z", 250, 88.0, "watch");

  /** bad line → the fields it must be blamed on, and a phrase of the reason. */
  static Map<String, Expected> badLines() {
    Map<String, Expected> bad = new HashMap<>();
    bad.put("{\"event_id\":\"b1\",\"user_id\":\"u1\",\"ty", new Expected(List.of("$"), "not valid JSON"));
    bad.put(TestEvents.start("b2", "u1", "2026-11-20T07:00:00Z", SLEEP, "s1").replace("\"user_id\":\"u1\",", ""),
        new Expected(List.of("user_id"), "user_id: missing"));
    bad.put(TestEvents.end("b3", "u1", "2026-11-20T07:00:00Z", SLEEP, "s1", 30, false).replace("\"completed\":false", "\"completed\":\"yes\""),
        new Expected(List.of("completed"), "must be true or false"));
    bad.put(TestEvents.biometric("b4", "u1", "2026-11-20T07:00:00Z", null, 900.0, "watch"),
        new Expected(List.of("heart_rate_bpm"), "impossible heart rate 900.0"));
    bad.put(TestEvents.start("b5", "u1", "2027-01-01T00:00:00Z", SLEEP, "s1"),
        new Expected(List.of("ts"), "in the future"));
    bad.put(TestEvents.start("b6", "u1", "2026-11-20T07:00:00Z", "sleep-no-such-item-1", "s1"),
        new Expected(List.of("content_id"), "unknown content_id 'sleep-no-such-item-1'"));
    bad.put(TestEvents.search("b7", "u1", "2026-11-20T07:00:00Z", "help ".repeat(120)),
        new Expected(List.of("query"), "too long"));
    bad.put("", new Expected(List.of("$"), "empty input"));
    bad.put("[1,2]", new Expected(List.of("$"), "expected a JSON object, got an array"));
    bad.put("{\"event_id\":\"b9\",\"type\":\"content_end\",\"ts\":\"yesterday\",\"content_id\":\"nope-123\","
            + "\"session_id\":\"s\",\"position_s\":-5,\"completed\":true}",
        new Expected(List.of("user_id", "ts", "content_id", "position_s"), "out of range: -5.0"));
    return bad;
  }

  record Expected(List<String> fields, String reasonContains) implements java.io.Serializable {}

  @Test
  void dead_letters_each_kind_of_bad_line_with_its_reason_and_keeps_the_good_ones() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Map<String, Expected> bad = badLines();
    List<String> lines = new ArrayList<>(List.of(GOOD_START, GOOD_UNKNOWN, GOOD_BIOMETRIC, GOOD_START));
    lines.addAll(bad.keySet());

    PCollectionTuple parsed = p.apply(Create.of(lines))
        .apply(ParseEvents.against(TestEvents.CATALOG.contentIds()).receivedAt(RECEIVED));

    // accepted: typed events, duplicates still in (de-duplication is the next step)
    PAssert.that(parsed.get(ParseEvents.ACCEPTED)
            .apply("Describe", MapElements.into(TypeDescriptors.strings()).via(ParseEventsTest::describe)))
        .containsInAnyOrder(
            "g1 content_start ContentStart", "g1 content_start ContentStart",
            "g2 app_open UnknownEvent", "g3 biometric Biometric");
    PAssert.that(parsed.get(ParseEvents.ACCEPTED)).satisfies(events -> {
      for (Event e : events) {
        if (e instanceof ContentStart s) {
          assertThat(s.contentId()).isEqualTo(SLEEP);
          assertThat(s.ts()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        }
        if (e instanceof UnknownEvent u) {
          assertThat(u.rawJson()).isEqualTo(GOOD_UNKNOWN);
        }
      }
      return null;
    });

    PAssert.that(parsed.get(ParseEvents.DEAD_LETTERS)).satisfies(deadLetters -> {
      Map<String, DeadLetter> byRaw = new HashMap<>();
      deadLetters.forEach(d -> byRaw.put(d.raw(), d));
      assertThat(byRaw.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
      bad.forEach((raw, expected) -> {
        DeadLetter d = byRaw.get(raw);
        assertThat(d.fields()).as(raw).isEqualTo(expected.fields());
        assertThat(d.reason()).as(raw).contains(expected.reasonContains());
        assertThat(d.receivedAt()).isEqualTo(RECEIVED);
      });
      return null;
    });

    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.read(result);
    assertThat(counters).containsEntry(PipelineCounters.LINES_READ, 14L)
        .containsEntry(PipelineCounters.EVENTS_ACCEPTED, 4L)
        .containsEntry(PipelineCounters.EVENTS_DEAD_LETTERED, 10L);
  }

  @Test
  void the_clock_is_the_receive_time_given_not_the_wall_clock() {
    // five minutes of skew are allowed; one millisecond more is the future
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    String justInside = TestEvents.start("t1", "u1", "2026-11-28T12:05:00Z", SLEEP, "s1");
    String justOutside = TestEvents.start("t2", "u1", "2026-11-28T12:05:00.001Z", SLEEP, "s1");
    PCollectionTuple parsed = p.apply(Create.of(justInside, justOutside))
        .apply(ParseEvents.against(TestEvents.CATALOG.contentIds()).receivedAt(RECEIVED));
    PAssert.that(parsed.get(ParseEvents.ACCEPTED)
            .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Event::eventId)))
        .containsInAnyOrder("t1");
    PAssert.that(parsed.get(ParseEvents.DEAD_LETTERS)
            .apply("Raw", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::raw)))
        .containsInAnyOrder(justOutside);
    p.run().waitUntilFinish();
  }

  static String describe(Event e) {
    return e.eventId() + " " + e.type() + " " + e.getClass().getSimpleName();
  }
}
