package io.stillwater.push.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * No pushes between {@code start} and {@code end} in the user's local time (e.g. 22:00-07:00, which wraps
 * midnight). The user's offset from UTC comes from {@link UserTimeZones}. A push that falls in quiet hours is
 * suppressed (counted and logged), not delayed: a "you just searched" push is stale by the morning.
 */
public final class QuietHours {

  private final LocalTime start;
  private final LocalTime end;
  private final UserTimeZones zones;

  public QuietHours(LocalTime start, LocalTime end, UserTimeZones zones) {
    this.start = start;
    this.end = end;
    this.zones = zones;
  }

  /**
   * {@code HH:MM-HH:MM}, or {@code off} (empty).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Optional<QuietHours> parse(String spec, UserTimeZones zones) {
    if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    String[] parts = spec.strip().split("-");
    try {
      if (parts.length == 2) {
        LocalTime s = LocalTime.parse(parts[0].strip());
        LocalTime e = LocalTime.parse(parts[1].strip());
        if (!s.equals(e)) {
          return Optional.of(new QuietHours(s, e, zones));
        }
      }
    } catch (DateTimeParseException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("quiet hours must be HH:MM-HH:MM (local time, start before or after end) or off, not '" + spec + "'");
  }

  /** True when it is quiet-hours time for {@code userId} at {@code now}. */
  public boolean isQuiet(String userId, Instant now) {
    LocalTime local = now.atOffset(ZoneOffset.ofTotalSeconds(zones.offsetMinutes(userId) * 60)).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /** The user's local time at {@code now}, for the suppressed log. */
  public LocalTime localTime(String userId, Instant now) {
    return now.atOffset(ZoneOffset.ofTotalSeconds(zones.offsetMinutes(userId) * 60)).toLocalTime();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
