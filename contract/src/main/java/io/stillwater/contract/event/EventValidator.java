package io.stillwater.contract.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns raw event JSON into typed {@link Event}s, or into every reason it cannot be one.
 *
 * <p>It never throws on bad input: bad JSON, missing or wrong-typed fields, unknown content, impossible
 * values and timestamps too far in the future all come back as {@link Validation.Rejected}, so callers
 * can dead-letter the event and keep going. Unknown event types are accepted as {@link UnknownEvent}
 * when their common fields are valid.
 */
public final class EventValidator {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Predicate<String> knownContentId;
  private final Optional<Clock> clock;

  /**
   * @param knownContentIds the catalog's content ids; events naming any other id are rejected
   * @param clock the receiver's clock, for rejecting events from the future
   */
  public EventValidator(Set<String> knownContentIds, Clock clock) {
    this(Set.copyOf(knownContentIds)::contains, Optional.of(clock));
  }

  private EventValidator(Predicate<String> knownContentId, Optional<Clock> clock) {
    this.knownContentId = knownContentId;
    this.clock = clock;
  }

  /**
   * For decoding events that were validated when they came in (stored or passed between pipeline steps):
   * checks the shape, but not the catalog or the clock, which may have moved on since.
   */
  public static EventValidator trustingValidatedInput() {
    return new EventValidator(id -> true, Optional.empty());
  }

  public Validation validate(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return reject(Violation.WHOLE_DOCUMENT, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return reject(Violation.WHOLE_DOCUMENT, "empty input, expected a JSON object");
    }
    return validate(node);
  }

  /** Validates one already parsed event, for callers that received a batch as one JSON array. */
  public Validation validate(JsonNode node) {
    if (!node.isObject()) {
      return reject(Violation.WHOLE_DOCUMENT, "expected a JSON object, got " + describe(node));
    }
    Fields fields = new Fields(node);
    String eventId = fields.id("event_id");
    String userId = fields.id("user_id");
    String type = fields.string("type", EventLimits.MAX_TYPE_LENGTH);
    Instant ts = fields.timestamp("ts");

    Optional<EventType> known = type == null ? Optional.empty() : EventType.fromWireName(type);
    Event event = known.map(t -> typed(t, fields, eventId, userId, ts)).orElse(null);
    if (!fields.violations.isEmpty()) {
      return new Validation.Rejected(fields.violations);
    }
    if (event == null) {
      event = new UnknownEvent(eventId, userId, ts, type, node.toString());
    }
    return new Validation.Accepted(event);
  }

  private Event typed(EventType type, Fields f, String eventId, String userId, Instant ts) {
    return switch (type) {
      case CONTENT_START ->
          new ContentStart(eventId, userId, ts, f.contentId("content_id"), f.id("session_id"));
      case CONTENT_PROGRESS ->
          new ContentProgress(
              eventId, userId, ts, f.contentId("content_id"), f.id("session_id"), f.position());
      case CONTENT_END ->
          new ContentEnd(
              eventId,
              userId,
              ts,
              f.contentId("content_id"),
              f.id("session_id"),
              f.position(),
              f.bool("completed"));
      case SEARCH -> new Search(eventId, userId, ts, f.nonBlankString("query", EventLimits.MAX_QUERY_LENGTH));
      case BIOMETRIC -> biometric(f, eventId, userId, ts);
      case RECOMMENDATION_IMPRESSION ->
          new RecommendationImpression(
              eventId,
              userId,
              ts,
              f.id("request_id"),
              f.string("slot", EventLimits.MAX_SLOT_LENGTH),
              f.contentIds("content_ids"));
    };
  }

  private Event biometric(Fields f, String eventId, String userId, Instant ts) {
    Integer steps = f.optionalSteps();
    Double heartRate = f.optionalHeartRate();
    String source = f.string("source", EventLimits.MAX_SOURCE_LENGTH);
    if (!f.node.hasNonNull("steps") && !f.node.hasNonNull("heart_rate_bpm")) {
      f.add("steps", "a biometric event needs steps or heart_rate_bpm (or both)");
    }
    return new Biometric(eventId, userId, ts, steps, heartRate, source);
  }

  private static Validation reject(String field, String reason) {
    return new Validation.Rejected(List.of(new Violation(field, reason)));
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case OBJECT -> "an object";
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  /** Reads fields of one event object, collecting a violation for each problem instead of stopping. */
  private final class Fields {
    private final JsonNode node;
    private final List<Violation> violations = new ArrayList<>();

    Fields(JsonNode node) {
      this.node = node;
    }

    void add(String field, String reason) {
      violations.add(new Violation(field, reason));
    }

    private JsonNode required(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        add(name, "missing");
        return null;
      }
      return value;
    }

    String string(String name, int maxLength) {
      JsonNode value = required(name);
      if (value == null) {
        return null;
      }
      return checkString(name, value, maxLength);
    }

    private String checkString(String field, JsonNode value, int maxLength) {
      if (!value.isTextual()) {
        add(field, "must be a string, got " + describe(value));
        return null;
      }
      String text = value.textValue();
      if (text.isEmpty()) {
        add(field, "must not be empty");
        return null;
      }
      // Characters (code points), as the schema's maxLength counts them, not UTF-16 units.
      int length = text.codePointCount(0, text.length());
      if (length > maxLength) {
        add(field, "too long: " + length + " characters, at most " + maxLength);
        return null;
      }
      return text;
    }

    String id(String name) {
      return string(name, EventLimits.MAX_ID_LENGTH);
    }

    String nonBlankString(String name, int maxLength) {
      String text = string(name, maxLength);
      if (text != null && text.isBlank()) {
        add(name, "must not be blank");
        return null;
      }
      return text;
    }

    String contentId(String name) {
      String id = id(name);
      if (id != null && !knownContentId.test(id)) {
        add(name, "unknown content_id '" + id + "'");
      }
      return id;
    }

    List<String> contentIds(String name) {
      JsonNode value = required(name);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        add(name, "must be an array of content ids, got " + describe(value));
        return List.of();
      }
      if (value.size() > EventLimits.MAX_IMPRESSION_ITEMS) {
        add(name, "too many items: " + value.size() + ", at most " + EventLimits.MAX_IMPRESSION_ITEMS);
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        String field = name + "[" + i + "]";
        String id = checkString(field, value.get(i), EventLimits.MAX_ID_LENGTH);
        if (id != null && !knownContentId.test(id)) {
          add(field, "unknown content_id '" + id + "'");
        }
        if (id != null) {
          ids.add(id);
        }
      }
      return ids;
    }

    Instant timestamp(String name) {
      JsonNode value = required(name);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        add(name, "must be an ISO-8601 UTC timestamp string, got " + describe(value));
        return null;
      }
      Instant ts;
      try {
        ts = Instant.parse(value.textValue());
      } catch (DateTimeParseException e) {
        add(name, "not an ISO-8601 UTC timestamp (like 2026-11-28T17:03:09.123Z): '" + value.textValue() + "'");
        return null;
      }
      if (clock.isPresent() && ts.isAfter(clock.get().instant().plus(EventLimits.MAX_FUTURE_SKEW))) {
        add(name, "in the future: " + ts + " is more than " + EventLimits.MAX_FUTURE_SKEW.toMinutes()
            + " minutes after the receiver's clock (" + clock.get().instant().truncatedTo(ChronoUnit.SECONDS) + ")");
        return null;
      }
      return ts.truncatedTo(ChronoUnit.MILLIS);
    }

    boolean bool(String name) {
      JsonNode value = required(name);
      if (value != null && !value.isBoolean()) {
        add(name, "must be true or false, got " + describe(value));
        return false;
      }
      return value != null && value.booleanValue();
    }

    double position() {
      Double position = number("position_s", true);
      if (position == null) {
        return 0;
      }
      if (position < 0 || position > EventLimits.MAX_POSITION_S) {
        add("position_s", "out of range: " + position + ", expected 0.." + (long) EventLimits.MAX_POSITION_S);
      }
      return position;
    }

    Integer optionalSteps() {
      if (!node.hasNonNull("steps")) {
        return null;
      }
      JsonNode value = node.get("steps");
      if (!value.isNumber() || !value.canConvertToExactIntegral()) {
        add("steps", "must be a whole number, got " + describe(value) + " " + value);
        return null;
      }
      // As a BigInteger: longValue() would keep only the low 64 bits of a larger number.
      BigInteger steps = value.bigIntegerValue();
      if (steps.signum() < 0) {
        add("steps", "negative step count " + steps);
        return null;
      }
      if (steps.compareTo(BigInteger.valueOf(EventLimits.MAX_STEPS_PER_SAMPLE)) > 0) {
        add("steps", "impossible step count " + steps + " in one sample, at most " + EventLimits.MAX_STEPS_PER_SAMPLE);
        return null;
      }
      return steps.intValue();
    }

    Double optionalHeartRate() {
      if (!node.hasNonNull("heart_rate_bpm")) {
        return null;
      }
      Double bpm = number("heart_rate_bpm", false);
      if (bpm == null) {
        return null;
      }
      if (bpm < EventLimits.MIN_HEART_RATE_BPM || bpm > EventLimits.MAX_HEART_RATE_BPM) {
        add("heart_rate_bpm", "impossible heart rate " + bpm + " bpm, expected "
            + (int) EventLimits.MIN_HEART_RATE_BPM + ".." + (int) EventLimits.MAX_HEART_RATE_BPM);
        return null;
      }
      return bpm;
    }

    private Double number(String name, boolean required) {
      JsonNode value = required ? required(name) : node.get(name);
      if (value == null) {
        return null;
      }
      if (!value.isNumber()) {
        add(name, "must be a number, got " + describe(value));
        return null;
      }
      return value.doubleValue();
    }
  }
}
