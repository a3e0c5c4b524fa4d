package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.EVENT_ID;
import static io.stillwater.contract.event.EventFixtures.FOCUS_ITEM;
import static io.stillwater.contract.event.EventFixtures.SLEEP_ITEM;
import static io.stillwater.contract.event.EventFixtures.STRESS_ITEM;
import static io.stillwater.contract.event.EventFixtures.TS_INSTANT;
import static io.stillwater.contract.event.EventFixtures.USER_ID;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.valid;
import static io.stillwater.contract.event.EventFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event type's valid form becomes the right record with the right values. */
class EventValidatorAcceptsTest {

  @Test
  void content_start_parses_into_a_content_start_record() {
    Event event = accepted(validate(valid("content_start")));

    assertThat(event).isEqualTo(new ContentStart(EVENT_ID, USER_ID, TS_INSTANT, SLEEP_ITEM, "s-42"));
    assertThat(event.type()).isEqualTo("content_start");
  }

  @Test
  void content_progress_parses_into_a_content_progress_record_with_its_position() {
    Event event = accepted(validate(valid("content_progress")));

    assertThat(event)
        .isEqualTo(new ContentProgress(EVENT_ID, USER_ID, TS_INSTANT, SLEEP_ITEM, "s-42", 120.0));
    assertThat(event.type()).isEqualTo("content_progress");
  }

  @Test
  void content_end_parses_into_a_content_end_record_with_position_and_completion() {
    Event event = accepted(validate(valid("content_end")));

    assertThat(event)
        .isEqualTo(new ContentEnd(EVENT_ID, USER_ID, TS_INSTANT, FOCUS_ITEM, "s-43", 1500.5, true));
    assertThat(event.type()).isEqualTo("content_end");
  }

  @Test
  void content_end_that_was_abandoned_parses_with_completed_false() {
    ObjectNode json = valid("content_end").put("completed", false).put("position_s", 0);

    Event event = accepted(validate(json));

    assertThat(event)
        .isEqualTo(new ContentEnd(EVENT_ID, USER_ID, TS_INSTANT, FOCUS_ITEM, "s-43", 0.0, false));
  }

  @Test
  void search_parses_into_a_search_record_keeping_the_query_as_typed() {
    Event event = accepted(validate(valid("search")));

    assertThat(event).isEqualTo(new Search(EVENT_ID, USER_ID, TS_INSTANT, "preparing for exam"));
    assertThat(event.type()).isEqualTo("search");
  }

  @Test
  void biometric_parses_into_a_biometric_record_with_steps_heart_rate_and_source() {
    Event event = accepted(validate(valid("biometric")));

    assertThat(event).isEqualTo(new Biometric(EVENT_ID, USER_ID, TS_INSTANT, 1750, 72.5, "watch"));
    assertThat(event.type()).isEqualTo("biometric");
  }

  @Test
  void biometric_with_only_steps_has_a_null_heart_rate() {
    ObjectNode json = valid("biometric");
    json.remove("heart_rate_bpm");

    Event event = accepted(validate(json));

    assertThat(event).isEqualTo(new Biometric(EVENT_ID, USER_ID, TS_INSTANT, 1750, null, "watch"));
  }

  @Test
  void biometric_with_only_heart_rate_has_null_steps() {
    ObjectNode json = valid("biometric");
    json.remove("steps");

    Event event = accepted(validate(json));

    assertThat(event).isEqualTo(new Biometric(EVENT_ID, USER_ID, TS_INSTANT, null, 72.5, "watch"));
  }

  @Test
  void biometric_with_an_explicit_null_heart_rate_treats_it_as_absent() {
    // null is the same as absent, in the validator and in docs/events.schema.json alike.
    ObjectNode json = valid("biometric");
    json.putNull("heart_rate_bpm");

    Event event = accepted(validate(json));

    assertThat(event).isEqualTo(new Biometric(EVENT_ID, USER_ID, TS_INSTANT, 1750, null, "watch"));
  }

  @Test
  void recommendation_impression_parses_with_content_ids_in_display_order() {
    Event event = accepted(validate(valid("recommendation_impression")));

    assertThat(event)
        .isEqualTo(
            new RecommendationImpression(
                EVENT_ID, USER_ID, TS_INSTANT, "r-9", "sleep", List.of(SLEEP_ITEM, STRESS_ITEM)));
    assertThat(((RecommendationImpression) event).contentIds()).containsExactly(SLEEP_ITEM, STRESS_ITEM);
    assertThat(event.type()).isEqualTo("recommendation_impression");
  }

  @Test
  void recommendation_impression_with_an_empty_list_is_accepted() {
    ObjectNode json = valid("recommendation_impression");
    json.putArray("content_ids");

    Event event = accepted(validate(json));

    assertThat(((RecommendationImpression) event).contentIds()).isEmpty();
  }

  @Test
  void extra_fields_on_a_known_type_are_ignored() {
    ObjectNode json = valid("search").put("app_version", "3.2.1").put("locale", "de-DE");

    Event event = accepted(validate(json));

    assertThat(event).isEqualTo(new Search(EVENT_ID, USER_ID, TS_INSTANT, "preparing for exam"));
  }

  @Test
  void an_already_parsed_node_validates_the_same_as_its_text() {
    ObjectNode json = valid("content_end");

    Validation fromNode = EventFixtures.validator().validate(json);
    Validation fromText = EventFixtures.validator().validate(json.toString());

    assertThat(fromNode).isEqualTo(fromText);
    assertThat(accepted(fromNode)).isInstanceOf(ContentEnd.class);
  }
}
