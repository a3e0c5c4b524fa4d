package io.stillwater.contract.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.util.Objects;

/**
 * A user action that should push a suggestion now: what the streaming pipeline's trigger rules emit and the
 * push worker consumes (one JSON object per trigger, the same on the embedded trigger log and on SQS).
 *
 * @param triggerId the idempotency key, {@code <rule>:<user_id>:<event_id>}: a replayed event gives the same
 *     key, so the worker publishes it once
 * @param rule the rule's name in the trigger configuration, e.g. {@code sleep_bounce}
 * @param userId the user to push to
 * @param flag the list to push, as the API's flag wire name (e.g. {@code after_search}, {@code stress_relief})
 * @param reason why, for the message and for people reading the queue, e.g. "left sleep item s-12 after 40 s"
 * @param eventId the event that fired the rule
 * @param eventTimeMs that event's time (epoch ms, UTC): the push latency is measured from it
 * @param detectedAtMs when the pipeline evaluated the rule (epoch ms)
 */
public record Trigger(
    @JsonProperty("trigger_id") String triggerId,
    @JsonProperty("rule") String rule,
    @JsonProperty("user_id") String userId,
    @JsonProperty("flag") String flag,
    @JsonProperty("reason") String reason,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_time_ms") long eventTimeMs,
    @JsonProperty("detected_at_ms") long detectedAtMs) implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Trigger {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(eventId, "event_id");
    if (triggerId == null) {
      triggerId = key(rule, userId, eventId);
    }
  }

  /** The idempotency key of the trigger {@code rule} fired by {@code eventId} for {@code userId}. */
  public static String key(String rule, String userId, String eventId) {
    return rule + ":" + userId + ":" + eventId;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write trigger " + triggerId, e);
    }
  }

  /** @throws IllegalArgumentException naming what is wrong, for a line that is not a trigger */
  public static Trigger fromJson(String json) {
    try {
      return JSON.readValue(json, Trigger.class);
    } catch (JsonProcessingException e) {
      // A missing required field surfaces as the constructor's NullPointerException naming it.
      String why = e.getCause() instanceof NullPointerException npe ? "missing " + npe.getMessage() : e.getOriginalMessage();
      throw new IllegalArgumentException("not a trigger record: " + why, e);
    }
  }
}
