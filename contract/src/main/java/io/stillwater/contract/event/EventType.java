package io.stillwater.contract.event;

import java.util.Arrays;
import java.util.Optional;

/** The event types features are computed from; any other type is kept as an {@link UnknownEvent}. */
public enum EventType {
  CONTENT_START("content_start"),
  CONTENT_PROGRESS("content_progress"),
  CONTENT_END("content_end"),
  SEARCH("search"),
  BIOMETRIC("biometric"),
  RECOMMENDATION_IMPRESSION("recommendation_impression");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
