package io.stillwater.contract.event;

import java.time.Instant;

/** A search in the user's own words. */
public record Search(String eventId, String userId, Instant ts, String query) implements Event {

  @Override
  public String type() {
    return EventType.SEARCH.wireName();
  }
}
