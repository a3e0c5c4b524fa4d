package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.FOCUS_ITEM;
import static io.stillwater.contract.event.EventFixtures.SLEEP_ITEM;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.rejected;
import static io.stillwater.contract.event.EventFixtures.valid;
import static io.stillwater.contract.event.EventFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each problem with a field is reported against that field, with a reason a person can act on. */
class EventValidatorRejectsTest {

  /** Every (type, required field) pair. */
  static Stream<Arguments> requiredFieldsOfEveryType() {
    return EventFixtures.ALL_TYPES.stream()
        .flatMap(type -> EventFixtures.requiredFields(type).stream().map(f -> Arguments.of(type, f)));
  }

  // ---- missing fields ----

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("requiredFieldsOfEveryType")
  void a_missing_required_field_is_rejected_naming_that_field(String type, String field) {
    ObjectNode json = valid(type);
    json.remove(field);

    assertThat(rejected(validate(json))).containsExactly(new Violation(field, "missing"));
  }

  @ParameterizedTest(name = "{0} with {1}: null")
  @MethodSource("requiredFieldsOfEveryType")
  void an_explicit_null_counts_as_missing(String type, String field) {
    ObjectNode json = valid(type);
    json.putNull(field);

    assertThat(rejected(validate(json))).containsExactly(new Violation(field, "missing"));
  }

  @Test
  void content_start_without_content_id_is_rejected_naming_content_id() {
    ObjectNode json = valid("content_start");
    json.remove("content_id");

    assertThat(rejected(validate(json))).containsExactly(new Violation("content_id", "missing"));
  }

  @Test
  void content_end_without_completed_is_rejected_naming_completed() {
    ObjectNode json = valid("content_end");
    json.remove("completed");

    assertThat(rejected(validate(json))).containsExactly(new Violation("completed", "missing"));
  }

  @Test
  void recommendation_impression_with_null_content_ids_is_rejected_as_missing() {
    ObjectNode json = valid("recommendation_impression");
    json.putNull("content_ids");

    assertThat(rejected(validate(json))).containsExactly(new Violation("content_ids", "missing"));
  }

  // ---- wrong types ----

  @Test
  void completed_as_the_string_yes_is_rejected_as_not_a_boolean() {
    ObjectNode json = valid("content_end").put("completed", "yes");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("completed", "must be true or false, got a string"));
  }

  @Test
  void completed_as_the_number_1_is_rejected_as_not_a_boolean() {
    ObjectNode json = valid("content_end").put("completed", 1);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("completed", "must be true or false, got a number"));
  }

  @Test
  void steps_as_a_string_is_rejected_as_not_a_whole_number() {
    ObjectNode json = valid("biometric").put("steps", "12");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("steps", "must be a whole number, got a string \"12\""));
  }

  @Test
  void fractional_steps_are_rejected_as_not_a_whole_number() {
    ObjectNode json = valid("biometric").put("steps", 1.5);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("steps", "must be a whole number, got a number 1.5"));
  }

  @Test
  void steps_written_as_a_whole_float_are_accepted_as_that_count() {
    ObjectNode json = valid("biometric").put("steps", 12.0);

    assertThat(((Biometric) accepted(validate(json))).steps()).isEqualTo(12);
  }

  @Test
  void ts_as_epoch_millis_number_is_rejected_as_not_a_timestamp_string() {
    ObjectNode json = valid("search").put("ts", 1_795_885_170_250L);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("ts", "must be an ISO-8601 UTC timestamp string, got a number"));
  }

  @Test
  void position_as_a_string_is_rejected_as_not_a_number() {
    ObjectNode json = valid("content_progress").put("position_s", "120");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("position_s", "must be a number, got a string"));
  }

  @Test
  void heart_rate_as_a_string_is_rejected_as_not_a_number() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", "72");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("heart_rate_bpm", "must be a number, got a string"));
  }

  @Test
  void user_id_as_a_number_is_rejected_as_not_a_string() {
    ObjectNode json = valid("search").put("user_id", 123);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("user_id", "must be a string, got a number"));
  }

  @Test
  void type_as_an_object_is_rejected_as_not_a_string() {
    ObjectNode json = valid("search");
    json.putObject("type").put("name", "search");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("type", "must be a string, got an object"));
  }

  @Test
  void content_ids_as_a_single_string_is_rejected_as_not_an_array() {
    ObjectNode json = valid("recommendation_impression").put("content_ids", SLEEP_ITEM);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_ids", "must be an array of content ids, got a string"));
  }

  @Test
  void a_content_ids_element_that_is_not_a_string_is_rejected_naming_its_index() {
    ObjectNode json = valid("recommendation_impression");
    json.putArray("content_ids").add(SLEEP_ITEM).add(42);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_ids[1]", "must be a string, got a number"));
  }

  @Test
  void more_than_100_content_ids_are_rejected_as_too_many() {
    ObjectNode json = valid("recommendation_impression");
    var ids = json.putArray("content_ids");
    for (int i = 0; i < EventLimits.MAX_IMPRESSION_ITEMS + 1; i++) {
      ids.add(SLEEP_ITEM);
    }

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_ids", "too many items: 101, at most 100"));
  }

  @Test
  void exactly_100_content_ids_are_accepted() {
    ObjectNode json = valid("recommendation_impression");
    var ids = json.putArray("content_ids");
    for (int i = 0; i < EventLimits.MAX_IMPRESSION_ITEMS; i++) {
      ids.add(FOCUS_ITEM);
    }

    assertThat(((RecommendationImpression) accepted(validate(json))).contentIds()).hasSize(100);
  }

  // ---- content ids must be in the catalog ----

  @Test
  void content_start_with_an_unknown_content_id_is_rejected_naming_content_id() {
    ObjectNode json = valid("content_start").put("content_id", "sleep-not-in-catalog");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_id", "unknown content_id 'sleep-not-in-catalog'"));
  }

  @Test
  void content_end_with_an_unknown_content_id_is_rejected_naming_content_id() {
    ObjectNode json = valid("content_end").put("content_id", "nope");

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_id", "unknown content_id 'nope'"));
  }

  @Test
  void an_unknown_id_inside_content_ids_is_rejected_naming_its_index() {
    ObjectNode json = valid("recommendation_impression");
    json.putArray("content_ids").add(SLEEP_ITEM).add("ghost-item").add(FOCUS_ITEM);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("content_ids[1]", "unknown content_id 'ghost-item'"));
  }

  @Test
  void each_unknown_id_inside_content_ids_is_reported_separately() {
    ObjectNode json = valid("recommendation_impression");
    json.putArray("content_ids").add("ghost-a").add(SLEEP_ITEM).add("ghost-b");

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation("content_ids[0]", "unknown content_id 'ghost-a'"),
            new Violation("content_ids[2]", "unknown content_id 'ghost-b'"));
  }

  // ---- impossible values ----

  @Test
  void heart_rate_of_900_is_rejected_naming_the_field() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 900);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("heart_rate_bpm", "impossible heart rate 900.0 bpm, expected 25..250"));
  }

  @Test
  void heart_rate_of_24_9_just_below_the_minimum_is_rejected() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 24.9);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("heart_rate_bpm", "impossible heart rate 24.9 bpm, expected 25..250"));
  }

  @Test
  void heart_rate_of_250_1_just_above_the_maximum_is_rejected() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 250.1);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("heart_rate_bpm", "impossible heart rate 250.1 bpm, expected 25..250"));
  }

  @Test
  void heart_rate_of_exactly_25_is_accepted() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 25);

    assertThat(((Biometric) accepted(validate(json))).heartRateBpm()).isEqualTo(25.0);
  }

  @Test
  void heart_rate_of_exactly_250_is_accepted() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 250);

    assertThat(((Biometric) accepted(validate(json))).heartRateBpm()).isEqualTo(250.0);
  }

  @Test
  void negative_steps_are_rejected_naming_steps() {
    ObjectNode json = valid("biometric").put("steps", -5);

    assertThat(rejected(validate(json))).containsExactly(new Violation("steps", "negative step count -5"));
  }

  @Test
  void steps_above_the_per_sample_maximum_are_rejected() {
    ObjectNode json = valid("biometric").put("steps", EventLimits.MAX_STEPS_PER_SAMPLE + 1);

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation("steps", "impossible step count 100001 in one sample, at most 100000"));
  }

  @Test
  void steps_beyond_the_range_of_a_long_are_rejected_not_wrapped_around() {
    // 2^64 + 5: taking the low 64 bits would read it as 5 steps.
    BigInteger huge = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5));
    ObjectNode json = valid("biometric").put("steps", huge);

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation(
                "steps", "impossible step count 18446744073709551621 in one sample, at most 100000"));
  }

  @Test
  void steps_of_zero_and_of_exactly_the_maximum_are_accepted() {
    assertThat(((Biometric) accepted(validate(valid("biometric").put("steps", 0)))).steps()).isZero();
    assertThat(
            ((Biometric) accepted(validate(valid("biometric").put("steps", EventLimits.MAX_STEPS_PER_SAMPLE))))
                .steps())
        .isEqualTo(100_000);
  }

  @Test
  void biometric_with_neither_steps_nor_heart_rate_is_rejected() {
    ObjectNode json = valid("biometric");
    json.remove("steps");
    json.remove("heart_rate_bpm");

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation("steps", "a biometric event needs steps or heart_rate_bpm (or both)"));
  }

  @Test
  void biometric_with_both_measurements_null_is_rejected_as_having_neither() {
    ObjectNode json = valid("biometric");
    json.putNull("steps");
    json.putNull("heart_rate_bpm");

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation("steps", "a biometric event needs steps or heart_rate_bpm (or both)"));
  }

  @Test
  void negative_position_is_rejected_as_out_of_range() {
    ObjectNode json = valid("content_progress").put("position_s", -1);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("position_s", "out of range: -1.0, expected 0..86400"));
  }

  @Test
  void position_beyond_a_day_is_rejected_as_out_of_range() {
    ObjectNode json = valid("content_end").put("position_s", 86_400.5);

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("position_s", "out of range: 86400.5, expected 0..86400"));
  }

  // ---- string lengths ----

  @Test
  void user_id_of_129_characters_is_rejected_as_too_long() {
    ObjectNode json = valid("search").put("user_id", "u".repeat(129));

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("user_id", "too long: 129 characters, at most 128"));
  }

  @Test
  void user_id_of_exactly_128_characters_is_accepted() {
    ObjectNode json = valid("search").put("user_id", "u".repeat(128));

    assertThat(accepted(validate(json)).userId()).hasSize(128);
  }

  @Test
  void query_of_501_characters_is_rejected_as_too_long() {
    ObjectNode json = valid("search").put("query", "q".repeat(501));

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("query", "too long: 501 characters, at most 500"));
  }

  @Test
  void query_of_exactly_500_characters_is_accepted() {
    ObjectNode json = valid("search").put("query", "q".repeat(500));

    assertThat(((Search) accepted(validate(json))).query()).hasSize(500);
  }

  @Test
  void lengths_count_characters_not_utf16_units_so_500_emoji_are_a_valid_query() {
    // U+1F319 (crescent moon) is one character but two UTF-16 code units; the schema's maxLength counts
    // characters, and so must the validator.
    String moons = "\uD83C\uDF19".repeat(500);
    ObjectNode json = valid("search").put("query", moons);

    assertThat(((Search) accepted(validate(json))).query()).isEqualTo(moons);
  }

  @Test
  void query_of_501_emoji_is_rejected_counting_characters() {
    ObjectNode json = valid("search").put("query", "\uD83C\uDF19".repeat(501));

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("query", "too long: 501 characters, at most 500"));
  }

  @Test
  void blank_query_is_rejected_as_blank() {
    ObjectNode json = valid("search").put("query", "   \t ");

    assertThat(rejected(validate(json))).containsExactly(new Violation("query", "must not be blank"));
  }

  @Test
  void empty_query_is_rejected_as_empty() {
    ObjectNode json = valid("search").put("query", "");

    assertThat(rejected(validate(json))).containsExactly(new Violation("query", "must not be empty"));
  }

  @Test
  void empty_event_id_is_rejected_as_empty() {
    ObjectNode json = valid("content_start").put("event_id", "");

    assertThat(rejected(validate(json))).containsExactly(new Violation("event_id", "must not be empty"));
  }

  @Test
  void source_of_65_characters_is_rejected_as_too_long() {
    ObjectNode json = valid("biometric").put("source", "w".repeat(65));

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("source", "too long: 65 characters, at most 64"));
  }

  @Test
  void type_of_65_characters_is_rejected_as_too_long() {
    ObjectNode json = valid("search").put("type", "t".repeat(65));

    assertThat(rejected(validate(json)))
        .containsExactly(new Violation("type", "too long: 65 characters, at most 64"));
  }

  // ---- several problems ----

  @Test
  void missing_user_id_and_a_heart_rate_of_900_are_both_reported() {
    ObjectNode json = valid("biometric").put("heart_rate_bpm", 900);
    json.remove("user_id");

    assertThat(rejected(validate(json)))
        .containsExactlyInAnyOrder(
            new Violation("user_id", "missing"),
            new Violation("heart_rate_bpm", "impossible heart rate 900.0 bpm, expected 25..250"));
  }

  @Test
  void every_problem_of_a_badly_broken_content_end_is_reported() {
    ObjectNode json = valid("content_end").put("content_id", "ghost").put("position_s", "late");
    json.put("completed", "yes");
    json.remove("session_id");
    json.put("ts", "soon");

    assertThat(rejected(validate(json)))
        .containsExactlyInAnyOrder(
            new Violation("ts", "not an ISO-8601 UTC timestamp (like 2026-11-28T17:03:09.123Z): 'soon'"),
            new Violation("content_id", "unknown content_id 'ghost'"),
            new Violation("session_id", "missing"),
            new Violation("position_s", "must be a number, got a string"),
            new Violation("completed", "must be true or false, got a string"));
  }
}
