package io.stillwater.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;

/**
 * What to simulate.
 *
 * @param users number of app users
 * @param days length of the history, in UTC days ending just before {@code end}
 * @param seed the same seed gives the same bytes
 * @param end first UTC date not in the history (exclusive)
 * @param badRate share of extra faulty input (malformed, missing or impossible fields, future or unknown
 *     references, duplicates, late arrivals) relative to good events, in [0, 0.5]
 */
public record SimulationConfig(int users, int days, long seed, LocalDate end, double badRate) {

  public static final double DEFAULT_BAD_RATE = 0.01;

  public SimulationConfig {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, got " + users);
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1, got " + days);
    }
    if (badRate < 0 || badRate > 0.5) {
      throw new IllegalArgumentException("bad rate must be within 0..0.5, got " + badRate);
    }
  }

  public LocalDate start() {
    return end.minusDays(days);
  }

  public Instant startInstant() {
    return start().atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant endInstant() {
    return end.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
