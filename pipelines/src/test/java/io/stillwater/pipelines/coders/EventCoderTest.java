package io.stillwater.pipelines.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.event.UnknownEvent;
import io.stillwater.pipelines.TestEvents;
import io.stillwater.pipelines.ingest.DeadLetter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class EventCoderTest {

  static final Instant TS = Instant.parse("2026-11-20T07:15:30.123Z");
  static final String SLEEP = TestEvents.SLEEP;

  static List<Event> everyType() {
    return List.of(
        new ContentStart("e1", "u1", TS, SLEEP, "s1"),
        new ContentProgress("e2", "u1", TS, SLEEP, "s1", 60),
        new ContentProgress("e3", "u1", TS, SLEEP, "s1", 61.25),
        new ContentEnd("e4", "u1", TS, SLEEP, "s1", 95, false),
        new Search("e5", "u1", TS, "cramming for finals \"tonight\" ü"),
        new Biometric("e6", "u1", TS, 1200, null, "phone"),
        new Biometric("e7", "u1", TS, null, 71.5, "watch"),
        new RecommendationImpression("e8", "u1", TS, "r1", "sleep", List.of(SLEEP, TestEvents.FOCUS)),
        EventJson.read("{\"event_id\":\"e9\",\"user_id\":\"u1\",\"type\":\"app_open\",\"ts\":\"2026-11-20T07:15:30.123Z\",\"screen\":{\"name\":\"home\"}}"));
  }

  @Test
  void every_event_type_survives_encode_and_decode() throws Exception {
    for (Event e : everyType()) {
      CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), e);
      CoderProperties.coderDeterministic(EventCoder.of(), e, EventJson.read(EventJson.write(e)));
    }
    UnknownEvent unknown = (UnknownEvent) CoderUtils.clone(EventCoder.of(), everyType().get(8));
    assertThat(unknown.type()).isEqualTo("app_open");
    assertThat(unknown.rawJson()).contains("\"screen\":{\"name\":\"home\"}");
  }

  @Test
  void the_encoding_is_the_wire_json_in_utf8() throws Exception {
    Event e = everyType().get(4);
    byte[] bytes = CoderUtils.encodeToByteArray(EventCoder.of(), e);
    // a length-prefixed UTF-8 string: the wire JSON
    assertThat(StringUtf8Coder.of().decode(new ByteArrayInputStream(bytes))).isEqualTo(EventJson.write(e));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("cramming for finals \\\"tonight\\\" ü\"}");
  }

  @Test
  void is_deterministic_so_it_can_encode_keys() throws Exception {
    EventCoder.of().verifyDeterministic();
    KvCoder.of(StringUtf8Coder.of(), EventCoder.of()).verifyDeterministic();
    DeadLetterCoder.of().verifyDeterministic();
  }

  @Test
  void garbage_is_a_coder_exception_not_an_event() {
    byte[] garbage = "\u0003{x}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventCoder.of().decode(new ByteArrayInputStream(garbage)))
        .isInstanceOf(CoderException.class);
  }

  @Test
  void the_registry_finds_the_coders_without_setCoder() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertThat(registry.getCoder(TypeDescriptor.of(Event.class))).isSameAs(EventCoder.of());
    assertThat(registry.getCoder(TypeDescriptor.of(DeadLetter.class))).isSameAs(DeadLetterCoder.of());
    assertThat(registry.getCoder(TypeDescriptor.of(ContentEnd.class))).isSameAs(EventCoder.of());
    assertThat(registry.getCoder(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Event.class))))
        .isEqualTo(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()));
  }

  @Test
  void dead_letters_survive_encode_and_decode() throws Exception {
    DeadLetter d = new DeadLetter("{\"event_id\":", "$: not valid JSON: x", List.of("$"), TS);
    CoderProperties.coderDecodeEncodeEqual(DeadLetterCoder.of(), d);
    DeadLetter many = new DeadLetter("{}", "a; b", List.of("event_id", "ts", "content_ids[2]"), TS);
    assertThat(CoderUtils.clone(DeadLetterCoder.of(), many)).isEqualTo(many);
  }
}
