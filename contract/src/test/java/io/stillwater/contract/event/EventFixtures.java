package io.stillwater.contract.event;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** A fixed receiver clock, a small catalog and one valid example of every event type. */
final class EventFixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The receiver's clock in every validator test. */
  static final Instant NOW = Instant.parse("2026-11-28T17:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final String SLEEP_ITEM = "sleep-night-train";
  static final String FOCUS_ITEM = "focus-deep-work";
  static final String STRESS_ITEM = "stress-box-breathing";
  static final Set<String> KNOWN_CONTENT = Set.of(SLEEP_ITEM, FOCUS_ITEM, STRESS_ITEM);

  static final String EVENT_ID = "e-0001";
  static final String USER_ID = "u-123";
  static final String TS = "2026-11-28T16:59:30.250Z";
  static final Instant TS_INSTANT = Instant.parse(TS);

  /** The wire names of every known type, in declaration order. */
  static final List<String> ALL_TYPES =
      List.of(
          "content_start",
          "content_progress",
          "content_end",
          "search",
          "biometric",
          "recommendation_impression");

  private EventFixtures() {}

  static EventValidator validator() {
    return new EventValidator(KNOWN_CONTENT, CLOCK);
  }

  /** The common fields, valid, with the given type. */
  static ObjectNode common(String type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("event_id", EVENT_ID);
    node.put("user_id", USER_ID);
    node.put("type", type);
    node.put("ts", TS);
    return node;
  }

  /** A fresh, mutable, valid example of a known type. */
  static ObjectNode valid(String type) {
    ObjectNode node = common(type);
    switch (type) {
      case "content_start" -> {
        node.put("content_id", SLEEP_ITEM);
        node.put("session_id", "s-42");
      }
      case "content_progress" -> {
        node.put("content_id", SLEEP_ITEM);
        node.put("session_id", "s-42");
        node.put("position_s", 120);
      }
      case "content_end" -> {
        node.put("content_id", FOCUS_ITEM);
        node.put("session_id", "s-43");
        node.put("position_s", 1500.5);
        node.put("completed", true);
      }
      case "search" -> node.put("query", "preparing for exam");
      case "biometric" -> {
        node.put("steps", 1750);
        node.put("heart_rate_bpm", 72.5);
        node.put("source", "watch");
      }
      case "recommendation_impression" -> {
        node.put("request_id", "r-9");
        node.put("slot", "sleep");
        node.putArray("content_ids").add(SLEEP_ITEM).add(STRESS_ITEM);
      }
      default -> throw new IllegalArgumentException("no example for " + type);
    }
    return node;
  }

  /** The fields a valid example of {@code type} must have (all but the optional measurements). */
  static List<String> requiredFields(String type) {
    return switch (type) {
      case "content_start" -> List.of("event_id", "user_id", "type", "ts", "content_id", "session_id");
      case "content_progress" ->
          List.of("event_id", "user_id", "type", "ts", "content_id", "session_id", "position_s");
      case "content_end" ->
          List.of(
              "event_id", "user_id", "type", "ts", "content_id", "session_id", "position_s", "completed");
      case "search" -> List.of("event_id", "user_id", "type", "ts", "query");
      case "biometric" -> List.of("event_id", "user_id", "type", "ts", "source");
      case "recommendation_impression" ->
          List.of("event_id", "user_id", "type", "ts", "request_id", "slot", "content_ids");
      default -> throw new IllegalArgumentException(type);
    };
  }

  static Event accepted(Validation validation) {
    if (validation instanceof Validation.Rejected rejected) {
      fail("expected the event to be accepted, but it was rejected: " + rejected.summary());
    }
    return ((Validation.Accepted) validation).event();
  }

  static List<Violation> rejected(Validation validation) {
    if (validation instanceof Validation.Accepted accepted) {
      fail("expected the event to be rejected, but it was accepted as " + accepted.event());
    }
    return ((Validation.Rejected) validation).violations();
  }

  static Validation validate(ObjectNode node) {
    // Through the String entry point, as events arrive on the wire.
    return validator().validate(node.toString());
  }
}
