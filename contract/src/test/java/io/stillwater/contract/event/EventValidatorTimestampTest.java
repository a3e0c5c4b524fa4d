package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.NOW;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.rejected;
import static io.stillwater.contract.event.EventFixtures.valid;
import static io.stillwater.contract.event.EventFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Event time: ISO-8601, normalised to UTC milliseconds, at most five minutes ahead of the receiver. */
class EventValidatorTimestampTest {

  private static ObjectNode searchAt(String ts) {
    return valid("search").put("ts", ts);
  }

  @Test
  void the_receiver_clock_in_these_tests_is_fixed() {
    assertThat(EventFixtures.CLOCK.instant()).isEqualTo(Instant.parse("2026-11-28T17:00:00Z"));
    assertThat(EventLimits.MAX_FUTURE_SKEW).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void ts_five_minutes_and_one_millisecond_ahead_is_rejected_as_in_the_future() {
    ObjectNode json = searchAt("2026-11-28T17:05:00.001Z");

    assertThat(rejected(validate(json)))
        .containsExactly(
            new Violation(
                "ts",
                "in the future: 2026-11-28T17:05:00.001Z is more than 5 minutes after the receiver's clock"
                    + " (2026-11-28T17:00:00Z)"));
  }

  @Test
  void ts_exactly_five_minutes_ahead_is_accepted() {
    Event event = accepted(validate(searchAt("2026-11-28T17:05:00.000Z")));

    assertThat(event.ts()).isEqualTo(NOW.plus(EventLimits.MAX_FUTURE_SKEW));
  }

  @Test
  void ts_a_day_in_the_future_is_rejected() {
    assertThat(rejected(validate(searchAt("2026-11-29T17:00:00Z"))))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("ts");
          assertThat(v.reason()).startsWith("in the future: 2026-11-29T17:00:00Z");
        });
  }

  @Test
  void ts_in_the_past_is_accepted_however_old() {
    Event event = accepted(validate(searchAt("2019-03-01T00:00:00Z")));

    assertThat(event.ts()).isEqualTo(Instant.parse("2019-03-01T00:00:00Z"));
  }

  @Test
  void unparseable_ts_is_rejected_quoting_the_value() {
    assertThat(rejected(validate(searchAt("yesterday"))))
        .containsExactly(
            new Violation("ts", "not an ISO-8601 UTC timestamp (like 2026-11-28T17:03:09.123Z): 'yesterday'"));
  }

  @Test
  void ts_without_a_zone_is_rejected_as_unparseable() {
    assertThat(rejected(validate(searchAt("2026-11-28T16:59:30.250"))))
        .containsExactly(
            new Violation(
                "ts",
                "not an ISO-8601 UTC timestamp (like 2026-11-28T17:03:09.123Z): '2026-11-28T16:59:30.250'"));
  }

  @Test
  void ts_with_an_impossible_date_is_rejected_as_unparseable() {
    assertThat(rejected(validate(searchAt("2026-02-30T10:00:00Z"))))
        .containsExactly(
            new Violation(
                "ts", "not an ISO-8601 UTC timestamp (like 2026-11-28T17:03:09.123Z): '2026-02-30T10:00:00Z'"));
  }

  @Test
  void ts_with_a_plus_two_hours_offset_is_accepted_and_normalised_to_utc() {
    Event event = accepted(validate(searchAt("2026-11-28T18:59:30.250+02:00")));

    assertThat(event.ts()).isEqualTo(Instant.parse("2026-11-28T16:59:30.250Z"));
  }

  @Test
  void the_future_limit_applies_to_the_utc_instant_of_an_offset_timestamp() {
    // 19:05:00.001+02:00 is 17:05:00.001Z: one millisecond past the limit.
    assertThat(rejected(validate(searchAt("2026-11-28T19:05:00.001+02:00"))))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("ts");
          assertThat(v.reason()).startsWith("in the future: 2026-11-28T17:05:00.001Z ");
        });
  }

  @Test
  void ts_with_more_than_millisecond_precision_is_truncated_to_milliseconds() {
    Event event = accepted(validate(searchAt("2026-11-28T16:59:30.123456789Z")));

    assertThat(event.ts()).isEqualTo(Instant.parse("2026-11-28T16:59:30.123Z"));
  }

  @Test
  void ts_without_fraction_is_accepted() {
    Event event = accepted(validate(searchAt("2026-11-28T16:59:30Z")));

    assertThat(event.ts()).isEqualTo(Instant.parse("2026-11-28T16:59:30Z"));
  }
}
