package io.stillwater.simulator;

/** The kinds of faulty input the simulator mixes in, so every pipeline's unhappy paths get exercised. */
public enum Fault {
  /** Truncated line: not parseable JSON. */
  MALFORMED_JSON(true),
  /** A required field removed. */
  MISSING_FIELD(true),
  /** A field with the wrong JSON type, e.g. {@code "completed": "yes"}. */
  WRONG_TYPE(true),
  /** A heart rate of 900, negative steps, a negative playback position. */
  IMPOSSIBLE_VALUE(true),
  /** A timestamp days ahead of the receiver's clock. */
  FUTURE_TIMESTAMP(true),
  /** A content_id that is not in the catalog. */
  UNKNOWN_CONTENT(true),
  /** A string longer than the contract allows. */
  OVERLONG_STRING(true),
  /** A valid event delivered a second time, later (same event_id). */
  DUPLICATE(false),
  /** A valid event that arrives minutes to a day after it happened. */
  LATE_ARRIVAL(false);

  private final boolean invalid;

  Fault(boolean invalid) {
    this.invalid = invalid;
  }

  /** Whether validation must reject it (duplicates and late arrivals are valid, just inconvenient). */
  public boolean invalid() {
    return invalid;
  }
}
