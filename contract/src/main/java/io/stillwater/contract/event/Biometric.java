package io.stillwater.contract.event;

import java.time.Instant;

/**
 * A wearable or phone sample. At least one of the measurements is present; an absent one is null.
 *
 * @param steps steps counted since the previous sample from the same source
 * @param heartRateBpm heart rate at the sample time
 * @param source the device that measured it, e.g. {@code watch} or {@code phone}
 */
public record Biometric(
    String eventId, String userId, Instant ts, Integer steps, Double heartRateBpm, String source)
    implements Event {

  @Override
  public String type() {
    return EventType.BIOMETRIC.wireName();
  }
}
