package io.stillwater.contract.event;

import java.time.Instant;

/**
 * An event of a type this version does not know. Kept in the archive as it came (so a later version can
 * compute features from it), ignored by features.
 *
 * @param rawJson the event's JSON as received, re-serialized compactly on one line
 */
public record UnknownEvent(String eventId, String userId, Instant ts, String type, String rawJson)
    implements Event {}
