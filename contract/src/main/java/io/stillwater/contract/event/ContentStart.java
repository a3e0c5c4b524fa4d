package io.stillwater.contract.event;

import java.time.Instant;

/** The user started playing a content item; opens a session. */
public record ContentStart(String eventId, String userId, Instant ts, String contentId, String sessionId)
    implements Event {

  @Override
  public String type() {
    return EventType.CONTENT_START.wireName();
  }
}
