package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.MAPPER;
import static io.stillwater.contract.event.EventFixtures.SLEEP_ITEM;
import static io.stillwater.contract.event.EventFixtures.STRESS_ITEM;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.valid;
import static io.stillwater.contract.event.EventFixtures.validator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire form EventJson writes: field order, timestamp format, and a lossless round trip. */
class EventJsonTest {

  private static final Instant TS = Instant.parse("2026-11-28T16:59:30.250Z");

  static Stream<Event> oneOfEachType() {
    return Stream.of(
        new ContentStart("e-1", "u-1", TS, SLEEP_ITEM, "s-1"),
        new ContentProgress("e-2", "u-1", TS, SLEEP_ITEM, "s-1", 30),
        new ContentProgress("e-3", "u-1", TS, SLEEP_ITEM, "s-1", 30.75),
        new ContentEnd("e-4", "u-1", TS, SLEEP_ITEM, "s-1", 1799.5, false),
        new ContentEnd("e-5", "u-1", TS, SLEEP_ITEM, "s-1", 1800, true),
        new Search("e-6", "u-1", TS, "can't sleep \"again\" \u2014 ocean sounds?"),
        new Biometric("e-7", "u-1", TS, 1750, 72.5, "watch"),
        new Biometric("e-8", "u-1", TS, 0, null, "phone"),
        new Biometric("e-9", "u-1", TS, null, 25.0, "watch"),
        new RecommendationImpression("e-10", "u-1", TS, "r-1", "sleep", List.of(SLEEP_ITEM, STRESS_ITEM)),
        new RecommendationImpression("e-11", "u-1", TS, "r-2", "focus", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneOfEachType")
  void writing_then_validating_gives_an_equal_record(Event event) {
    String json = EventJson.write(event);

    assertThat(accepted(validator().validate(json))).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneOfEachType")
  void written_events_start_with_event_id_user_id_type_ts_in_that_order(Event event) throws Exception {
    JsonNode written = MAPPER.readTree(EventJson.write(event));

    List<String> names = new ArrayList<>();
    written.fieldNames().forEachRemaining(names::add);
    assertThat(names.subList(0, 4)).containsExactly("event_id", "user_id", "type", "ts");
    assertThat(written.get("type").textValue()).isEqualTo(event.type());
  }

  @Test
  void content_end_is_written_compactly_with_its_fields_in_a_fixed_order() {
    Event event = new ContentEnd("e-4", "u-1", TS, SLEEP_ITEM, "s-1", 1799.5, false);

    assertThat(EventJson.write(event))
        .isEqualTo(
            "{\"event_id\":\"e-4\",\"user_id\":\"u-1\",\"type\":\"content_end\","
                + "\"ts\":\"2026-11-28T16:59:30.250Z\",\"content_id\":\"sleep-night-train\","
                + "\"session_id\":\"s-1\",\"position_s\":1799.5,\"completed\":false}");
  }

  @Test
  void whole_second_positions_are_written_as_integers() {
    Event event = new ContentProgress("e-2", "u-1", TS, SLEEP_ITEM, "s-1", 30);

    assertThat(EventJson.write(event)).endsWith(",\"position_s\":30}");
  }

  @Test
  void biometric_omits_an_absent_measurement_instead_of_writing_null() {
    String json = EventJson.write(new Biometric("e-8", "u-1", TS, 12, null, "phone"));

    assertThat(json)
        .isEqualTo(
            "{\"event_id\":\"e-8\",\"user_id\":\"u-1\",\"type\":\"biometric\","
                + "\"ts\":\"2026-11-28T16:59:30.250Z\",\"steps\":12,\"source\":\"phone\"}");
  }

  @Test
  void ts_is_written_in_utc_with_milliseconds_and_a_z_even_on_a_whole_second() {
    Event event = new Search("e-1", "u-1", Instant.parse("2026-01-02T03:04:05Z"), "rain");

    assertThat(read(EventJson.write(event)).get("ts").textValue())
        .isEqualTo("2026-01-02T03:04:05.000Z");
    assertThat(EventJson.formatTimestamp(Instant.parse("2026-11-28T23:59:59.007Z")))
        .isEqualTo("2026-11-28T23:59:59.007Z");
  }

  @Test
  void the_same_event_always_gives_the_same_bytes() {
    Event event = new RecommendationImpression("e-10", "u-1", TS, "r-1", "sleep", List.of(SLEEP_ITEM));

    assertThat(EventJson.write(event)).isEqualTo(EventJson.write(event));
  }

  @Test
  void an_offset_timestamp_is_written_back_normalised_to_utc() {
    String input = valid("search").put("ts", "2026-11-28T18:59:30.250+02:00").toString();

    Event event = accepted(validator().validate(input));

    assertThat(read(EventJson.write(event)).get("ts").textValue()).isEqualTo("2026-11-28T16:59:30.250Z");
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("EventJson wrote invalid JSON: " + json, e);
    }
  }
}
