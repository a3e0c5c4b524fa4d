package io.stillwater.contract.event;

import java.time.Instant;

/** A session ended, either completed or abandoned at {@code positionS} seconds. */
public record ContentEnd(
    String eventId,
    String userId,
    Instant ts,
    String contentId,
    String sessionId,
    double positionS,
    boolean completed)
    implements Event {

  @Override
  public String type() {
    return EventType.CONTENT_END.wireName();
  }
}
