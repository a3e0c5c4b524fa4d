package io.stillwater.contract.event;

import java.time.Instant;

/**
 * One app event, as every part of Stillwater reads it (DESIGN.md, "Events").
 *
 * <p>Instances are only made by {@link EventValidator} (from JSON) or by code that produces valid events
 * itself, such as the simulator; {@link EventJson} writes them back in the wire form.
 */
public sealed interface Event
    permits ContentStart, ContentProgress, ContentEnd, Search, Biometric, RecommendationImpression,
        UnknownEvent {

  /** Unique per event; duplicates of an id are the same event delivered twice. */
  String eventId();

  String userId();

  /** Event time, UTC, millisecond precision. */
  Instant ts();

  /** The wire name of the type, e.g. {@code content_start}. */
  String type();
}
