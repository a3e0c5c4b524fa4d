package io.stillwater.stream;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where a reader starts in a stream, with the same four meanings for Kinesis and the embedded log:
 * {@link Latest} (only what arrives from now on), {@link TrimHorizon} (the oldest record kept),
 * {@link AtTimestamp} (the first record that arrived at or after a time: the hand-off point for a freshly
 * loaded standby slot) and {@link Offset} (a byte offset in the embedded log, as its checkpoints record).
 *
 * <p>The text form ({@link #toString}, {@link #parse}) is what {@code --start-at} takes and what a generation
 * records as its stream start position: {@code LATEST}, {@code TRIM_HORIZON}, an ISO-8601 instant such as
 * {@code 2026-11-28T20:00:00Z}, or {@code offset:N}.
 */
public sealed interface StreamPosition {

  record Latest() implements StreamPosition {
    @Override
    public String toString() {
      return "LATEST";
    }
  }

  record TrimHorizon() implements StreamPosition {
    @Override
    public String toString() {
      return "TRIM_HORIZON";
    }
  }

  /** Records that arrived at or after {@code time} (arrival time, like Kinesis' AT_TIMESTAMP). */
  record AtTimestamp(Instant time) implements StreamPosition {
    public AtTimestamp {
      if (time == null) {
        throw new IllegalArgumentException("AT_TIMESTAMP needs a time");
      }
    }

    @Override
    public String toString() {
      return time.toString();
    }
  }

  /** A byte offset in the embedded log (always at a record boundary when it came from the log). */
  record Offset(long bytes) implements StreamPosition {
    public Offset {
      if (bytes < 0) {
        throw new IllegalArgumentException("a stream offset cannot be negative: " + bytes);
      }
    }

    @Override
    public String toString() {
      return "offset:" + bytes;
    }
  }

  StreamPosition LATEST = new Latest();
  StreamPosition TRIM_HORIZON = new TrimHorizon();

  /**
   * Parses the text form; a bad value throws {@link IllegalArgumentException} whose message names the value and
   * the accepted forms (the CLI prints it as is).
   */
  static StreamPosition parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty start position: expected " + FORMS);
    }
    String t = text.strip();
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.equals("LATEST")) {
      return LATEST;
    }
    if (upper.equals("TRIM_HORIZON") || upper.equals("EARLIEST")) {
      return TRIM_HORIZON;
    }
    if (upper.startsWith("OFFSET:")) {
      try {
        return new Offset(Long.parseLong(t.substring("offset:".length())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad start position '" + text + "': offset:N needs a non-negative whole number");
      }
    }
    if (upper.startsWith("AT_TIMESTAMP:")) {
      t = t.substring("AT_TIMESTAMP:".length());
    }
    try {
      return new AtTimestamp(Instant.parse(t));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad start position '" + text + "': expected " + FORMS);
    }
  }

  String FORMS = "LATEST, TRIM_HORIZON, an ISO-8601 UTC time such as 2026-11-28T20:00:00Z, or offset:N";
}
