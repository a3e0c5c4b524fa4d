package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.rejected;
import static io.stillwater.contract.event.EventFixtures.validator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Input that is not one JSON object is rejected against the whole document ({@code $}), never thrown. */
class EventValidatorMalformedInputTest {

  private static final String WHOLE = Violation.WHOLE_DOCUMENT;

  private static Violation onlyViolation(String input) {
    List<Violation> violations = rejected(validator().validate(input));
    assertThat(violations).hasSize(1);
    return violations.get(0);
  }

  @Test
  void the_whole_document_field_is_a_dollar_sign() {
    assertThat(WHOLE).isEqualTo("$");
  }

  @Test
  void truncated_object_is_rejected_as_not_valid_json() {
    Violation v = onlyViolation("{\"event_id\":\"e-1\",\"user_id\":\"u-1\"");

    assertThat(v.field()).isEqualTo(WHOLE);
    assertThat(v.reason()).startsWith("not valid JSON: ").contains("end-of-input");
  }

  @Test
  void unquoted_garbage_is_rejected_as_not_valid_json() {
    Violation v = onlyViolation("event_id=e-1");

    assertThat(v.field()).isEqualTo(WHOLE);
    assertThat(v.reason()).startsWith("not valid JSON: ");
  }

  @Test
  void a_json_array_is_rejected_as_not_an_object() {
    Violation v = onlyViolation("[{\"event_id\":\"e-1\"}]");

    assertThat(v).isEqualTo(new Violation(WHOLE, "expected a JSON object, got an array"));
  }

  @Test
  void a_json_string_is_rejected_as_not_an_object() {
    Violation v = onlyViolation("\"content_start\"");

    assertThat(v).isEqualTo(new Violation(WHOLE, "expected a JSON object, got a string"));
  }

  @Test
  void a_json_number_is_rejected_as_not_an_object() {
    Violation v = onlyViolation("42");

    assertThat(v).isEqualTo(new Violation(WHOLE, "expected a JSON object, got a number"));
  }

  @Test
  void json_null_is_rejected_as_not_an_object() {
    Violation v = onlyViolation("null");

    assertThat(v).isEqualTo(new Violation(WHOLE, "expected a JSON object, got null"));
  }

  @Test
  void empty_input_is_rejected_as_empty() {
    Violation v = onlyViolation("");

    assertThat(v).isEqualTo(new Violation(WHOLE, "empty input, expected a JSON object"));
  }

  @Test
  void whitespace_only_input_is_rejected_as_empty() {
    Violation v = onlyViolation("  \n\t ");

    assertThat(v).isEqualTo(new Violation(WHOLE, "empty input, expected a JSON object"));
  }

  @Test
  void two_objects_back_to_back_are_rejected_for_the_trailing_one() {
    Violation v = onlyViolation("{}{}");

    assertThat(v.field()).isEqualTo(WHOLE);
    assertThat(v.reason()).startsWith("not valid JSON: ").containsIgnoringCase("trailing token");
  }

  @Test
  void a_valid_event_followed_by_garbage_is_rejected_not_half_read() {
    String event = EventFixtures.valid("search").toString();

    Violation v = onlyViolation(event + " x");

    assertThat(v.field()).isEqualTo(WHOLE);
    assertThat(v.reason()).startsWith("not valid JSON: ");
  }

  @Test
  void duplicate_keys_are_rejected_naming_the_duplicated_key() {
    String json =
        "{\"event_id\":\"e-1\",\"user_id\":\"u-1\",\"user_id\":\"u-2\",\"type\":\"search\","
            + "\"ts\":\"2026-11-28T16:59:30.250Z\",\"query\":\"rain\"}";

    Violation v = onlyViolation(json);

    assertThat(v.field()).isEqualTo(WHOLE);
    assertThat(v.reason()).startsWith("not valid JSON: ").containsIgnoringCase("duplicate").contains("user_id");
  }

  @Test
  void an_empty_object_is_rejected_for_each_missing_common_field() {
    List<Violation> violations = rejected(validator().validate("{}"));

    assertThat(violations)
        .containsExactly(
            new Violation("event_id", "missing"),
            new Violation("user_id", "missing"),
            new Violation("type", "missing"),
            new Violation("ts", "missing"));
  }

  @Test
  void a_rejection_summary_lists_every_reason_on_one_line() {
    Validation.Rejected rejected = (Validation.Rejected) validator().validate("{}");

    assertThat(rejected.summary())
        .isEqualTo("event_id: missing; user_id: missing; type: missing; ts: missing");
  }
}
