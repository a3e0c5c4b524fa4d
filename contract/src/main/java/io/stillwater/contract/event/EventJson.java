package io.stillwater.contract.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes events in their wire form: one compact JSON object, fields in a fixed order (common fields
 * first), timestamps as UTC with milliseconds. The same event always gives the same bytes.
 */
public final class EventJson {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventJson() {}

  private static final EventValidator TRUSTING = EventValidator.trustingValidatedInput();

  /**
   * Reads an event this class wrote (or that was validated on the way in). Checks shape only; throws on
   * input that is not an event, which here means a bug, not bad user input.
   */
  public static Event read(String json) {
    Validation v = TRUSTING.validate(json);
    if (v instanceof Validation.Accepted a) {
      return a.event();
    }
    throw new IllegalArgumentException("not a valid stored event (" + ((Validation.Rejected) v).summary() + "): " + json);
  }

  public static String formatTimestamp(Instant ts) {
    return TS.format(ts);
  }

  public static String write(Event event) {
    if (event instanceof UnknownEvent unknown) {
      return unknown.rawJson();
    }
    StringWriter out = new StringWriter(192);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event_id", event.eventId());
      g.writeStringField("user_id", event.userId());
      g.writeStringField("type", event.type());
      g.writeStringField("ts", formatTimestamp(event.ts()));
      writeFields(event, g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void writeFields(Event event, JsonGenerator g) throws IOException {
    // Java 17: no pattern matching in switch yet, so an instanceof chain over the sealed types.
    if (event instanceof ContentStart e) {
      g.writeStringField("content_id", e.contentId());
      g.writeStringField("session_id", e.sessionId());
    } else if (event instanceof ContentProgress e) {
      g.writeStringField("content_id", e.contentId());
      g.writeStringField("session_id", e.sessionId());
      writePosition(g, e.positionS());
    } else if (event instanceof ContentEnd e) {
      g.writeStringField("content_id", e.contentId());
      g.writeStringField("session_id", e.sessionId());
      writePosition(g, e.positionS());
      g.writeBooleanField("completed", e.completed());
    } else if (event instanceof Search e) {
      g.writeStringField("query", e.query());
    } else if (event instanceof Biometric e) {
      if (e.steps() != null) {
        g.writeNumberField("steps", e.steps());
      }
      if (e.heartRateBpm() != null) {
        g.writeNumberField("heart_rate_bpm", e.heartRateBpm());
      }
      g.writeStringField("source", e.source());
    } else if (event instanceof RecommendationImpression e) {
      g.writeStringField("request_id", e.requestId());
      g.writeStringField("slot", e.slot());
      g.writeArrayFieldStart("content_ids");
      for (String id : e.contentIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
    }
  }

  /** Whole seconds as integers (what apps send), fractions as they are. */
  private static void writePosition(JsonGenerator g, double positionS) throws IOException {
    if (positionS == Math.rint(positionS) && Math.abs(positionS) < 1e15) {
      g.writeNumberField("position_s", (long) positionS);
    } else {
      g.writeNumberField("position_s", positionS);
    }
  }
}
