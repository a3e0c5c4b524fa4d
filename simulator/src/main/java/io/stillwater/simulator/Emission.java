package io.stillwater.simulator;

import java.time.Instant;
import java.util.Comparator;

/**
 * One line the simulated app sends, and when it reaches the backend.
 *
 * @param arrival when the line arrives; later than the event's ts for late arrivals and duplicates
 * @param userIndex with {@code seq}, orders lines that arrive at the same millisecond deterministically
 * @param line the JSON line, possibly faulty
 * @param ts the event time the line was made from
 * @param type the type of the event the line was made from
 * @param fault null for a good event delivered once, on time
 */
record Emission(Instant arrival, int userIndex, int seq, String line, Instant ts, String type, Fault fault) {

  static final Comparator<Emission> ARRIVAL_ORDER =
      Comparator.comparing(Emission::arrival)
          .thenComparingInt(Emission::userIndex)
          .thenComparingInt(Emission::seq);

  /** A valid event's first delivery (on time or late): what the platform should end up accepting. */
  boolean goodEvent() {
    return fault == null || fault == Fault.LATE_ARRIVAL;
  }
}
