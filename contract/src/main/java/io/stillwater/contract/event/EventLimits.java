package io.stillwater.contract.event;

import java.time.Duration;

/** The bounds an event must keep; docs/events.schema.json states the same numbers. */
public final class EventLimits {
  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_TYPE_LENGTH = 64;
  public static final int MAX_QUERY_LENGTH = 500;
  public static final int MAX_SOURCE_LENGTH = 64;
  public static final int MAX_SLOT_LENGTH = 64;
  public static final int MAX_IMPRESSION_ITEMS = 100;
  public static final double MIN_HEART_RATE_BPM = 25;
  public static final double MAX_HEART_RATE_BPM = 250;
  /** Steps since the previous sample; more than this in one sample is a broken counter. */
  public static final int MAX_STEPS_PER_SAMPLE = 100_000;
  /** A playback position beyond a day is not a real session. */
  public static final double MAX_POSITION_S = 86_400;
  /** Clocks drift; an event further ahead of the receiver's clock than this is rejected. */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  private EventLimits() {}
}
