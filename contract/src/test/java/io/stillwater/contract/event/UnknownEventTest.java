package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.EVENT_ID;
import static io.stillwater.contract.event.EventFixtures.MAPPER;
import static io.stillwater.contract.event.EventFixtures.TS_INSTANT;
import static io.stillwater.contract.event.EventFixtures.USER_ID;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.common;
import static io.stillwater.contract.event.EventFixtures.rejected;
import static io.stillwater.contract.event.EventFixtures.validate;
import static io.stillwater.contract.event.EventFixtures.validator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Types this version does not know are kept (for the archive) when their common fields are valid. */
class UnknownEventTest {

  private static ObjectNode appOpen() {
    ObjectNode json = common("app_open").put("screen", "home").put("cold_start", true);
    json.putArray("experiments").add("dark-mode");
    return json;
  }

  @Test
  void unknown_type_with_valid_common_fields_is_accepted_as_unknown_event() {
    Event event = accepted(validate(appOpen()));

    assertThat(event).isInstanceOf(UnknownEvent.class);
    UnknownEvent unknown = (UnknownEvent) event;
    assertThat(unknown.eventId()).isEqualTo(EVENT_ID);
    assertThat(unknown.userId()).isEqualTo(USER_ID);
    assertThat(unknown.ts()).isEqualTo(TS_INSTANT);
    assertThat(unknown.type()).isEqualTo("app_open");
  }

  @Test
  void unknown_event_keeps_every_field_of_the_raw_json() throws Exception {
    ObjectNode input = appOpen();

    UnknownEvent unknown = (UnknownEvent) accepted(validate(input));

    assertThat(MAPPER.readTree(unknown.rawJson())).isEqualTo(input);
    assertThat(unknown.rawJson()).contains("\"screen\":\"home\"").doesNotContain("\n");
  }

  @Test
  void unknown_event_is_written_back_as_its_raw_json_and_round_trips() {
    UnknownEvent unknown = (UnknownEvent) accepted(validate(appOpen()));

    String written = EventJson.write(unknown);

    assertThat(written).isEqualTo(unknown.rawJson());
    assertThat(accepted(validator().validate(written))).isEqualTo(unknown);
  }

  @Test
  void unknown_type_with_missing_ts_is_rejected_naming_ts() {
    ObjectNode json = appOpen();
    json.remove("ts");

    assertThat(rejected(validate(json))).containsExactly(new Violation("ts", "missing"));
  }

  @Test
  void unknown_type_with_a_future_ts_is_rejected() {
    ObjectNode json = appOpen().put("ts", "2026-11-28T18:00:00Z");

    assertThat(rejected(validate(json)))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("ts");
          assertThat(v.reason()).startsWith("in the future: ");
        });
  }

  @Test
  void unknown_type_is_not_checked_for_fields_of_known_types() {
    // An unknown type carrying a content_id not in the catalog is still accepted: only features read it.
    ObjectNode json = appOpen().put("content_id", "not-in-catalog");

    assertThat(accepted(validate(json))).isInstanceOf(UnknownEvent.class);
  }

  @Test
  void type_names_are_case_sensitive_so_content_start_in_capitals_is_unknown() {
    ObjectNode json = EventFixtures.valid("content_start").put("type", "CONTENT_START");

    UnknownEvent unknown = (UnknownEvent) accepted(validate(json));

    assertThat(unknown.type()).isEqualTo("CONTENT_START");
  }
}
