package io.stillwater.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * One push, the body of one queue message (JSON; schema in docs/push.md).
 *
 * @param idempotencyKey the trigger's id ({@code <rule>:<user_id>:<event_id>}): a replayed event gives the same key,
 *     and the worker publishes a key once
 * @param items the flag's list, ranked by the API's scoring over the live generation
 * @param fallback true when the list is popularity (unknown user, model missing), as the API says
 * @param eventTime the triggering event's time (ISO-8601 UTC, ms)
 * @param detectedAt when the streaming pipeline's rule fired (ISO-8601 UTC, ms)
 * @param publishedAt when the worker scored the trigger and sent the message (ISO-8601 UTC)
 */
public record PushMessage(
    @JsonProperty("idempotency_key") String idempotencyKey,
    @JsonProperty("user_id") String userId,
    @JsonProperty("flag") String flag,
    @JsonProperty("items") List<Item> items,
    @JsonProperty("generation") int generation,
    @JsonProperty("slot") String slot,
    @JsonProperty("model_id") String modelId,
    @JsonProperty("fallback") boolean fallback,
    @JsonProperty("fallback_reason") String fallbackReason,
    @JsonProperty("rule") String rule,
    @JsonProperty("reason") String reason,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_time") String eventTime,
    @JsonProperty("detected_at") String detectedAt,
    @JsonProperty("published_at") String publishedAt) {

  /** One ranked item, as in the API's response. */
  public record Item(@JsonProperty("content_id") String contentId, @JsonProperty("title") String title,
      @JsonProperty("score") double score) {}

  static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write push " + idempotencyKey, e);
    }
  }

  public static PushMessage fromJson(String json) {
    try {
      return JSON.readValue(json, PushMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a push message: " + e.getOriginalMessage(), e);
    }
  }
}
