package io.stillwater.contract.event;

import java.time.Instant;

/** Heartbeat while a session plays: the playback position in seconds. */
public record ContentProgress(
    String eventId, String userId, Instant ts, String contentId, String sessionId, double positionS)
    implements Event {

  @Override
  public String type() {
    return EventType.CONTENT_PROGRESS.wireName();
  }
}
