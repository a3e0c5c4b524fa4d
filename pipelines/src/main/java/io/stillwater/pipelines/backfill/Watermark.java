package io.stillwater.pipelines.backfill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A backfill's {@code --until}: an ISO-8601 instant ({@code 2026-11-28T06:00:00Z}, an offset such as
 * {@code +01:00}, or no zone meaning UTC), a date ({@code 2026-11-28}: midnight UTC at its start), or {@code now}
 * (the current second, for a scheduled run whose arguments are fixed). Millisecond precision, like event times.
 */
public final class Watermark {

  private static final DateTimeFormatter FILE_SAFE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Watermark() {}

  /** @throws IllegalArgumentException naming the accepted forms */
  public static Instant parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.equalsIgnoreCase("now")) {
      return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.toUpperCase()).truncatedTo(ChronoUnit.MILLIS);
      }
      if (t.matches(".*[+-]\\d\\d:?\\d\\d$") && t.indexOf('T') > 0) {
        return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a time: '" + text + "' (use an ISO-8601 instant such as 2026-11-28T06:00:00Z, a date such as 2026-11-28, or now)");
    }
  }

  /** For file names: {@code 2026-11-28T060000Z} (no ':', which Hadoop paths and some filesystems refuse). */
  public static String fileSafe(Instant instant) {
    return FILE_SAFE.format(instant);
  }
}
