package io.stillwater.pipelines.backfill;

import static io.stillwater.pipelines.PipelineCounters.get;

import io.stillwater.pipelines.PipelineCounters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A finished backfill's counts, from the pipeline's metrics, and the checks they must pass.
 *
 * <p>The headline is the conservation law of DESIGN.md: every line read is exactly one of an accepted event
 * (distinct, after de-duplication), a dead letter, or a duplicate copy: {@code read = accepted + dead_lettered +
 * duplicates}. Events at or after {@code --until} are accepted events too (valid, just outside this run's range):
 * {@code accepted = archived + after_until}. The other checks tie the counts of different steps together, so a
 * step that drops or invents rows shows up.
 *
 * @param read lines read ({@code lines_read})
 * @param valid lines that validated, every copy of a duplicate included ({@code events_accepted})
 * @param deadLettered lines rejected ({@code events_dead_lettered})
 * @param duplicates copies dropped by de-duplication ({@code events_duplicate})
 * @param accepted distinct valid events ({@code events_unique})
 * @param archived distinct events before the watermark: the events table ({@code events_before_until})
 * @param afterUntil distinct events at or after the watermark ({@code events_after_until})
 * @param eventRowsWritten rows handed to the events writer
 * @param deadLetterRowsWritten rows handed to the dead-letter writer
 * @param metrics every counter of the run, by name (the feature transforms' too)
 */
public record BackfillCounts(
    long read,
    long valid,
    long deadLettered,
    long duplicates,
    long accepted,
    long archived,
    long afterUntil,
    long eventRowsWritten,
    long deadLetterRowsWritten,
    SortedMap<String, Long> metrics) {

  public static final String CONSERVATION = "read = accepted + dead_lettered + duplicates";

  public static BackfillCounts of(SortedMap<String, Long> m) {
    return new BackfillCounts(
        get(m, PipelineCounters.LINES_READ),
        get(m, PipelineCounters.EVENTS_ACCEPTED),
        get(m, PipelineCounters.EVENTS_DEAD_LETTERED),
        get(m, PipelineCounters.EVENTS_DUPLICATE),
        get(m, PipelineCounters.EVENTS_UNIQUE),
        get(m, PipelineCounters.EVENTS_BEFORE_UNTIL),
        get(m, PipelineCounters.EVENTS_AFTER_UNTIL),
        get(m, PipelineCounters.EVENT_ROWS_WRITTEN),
        get(m, PipelineCounters.DEAD_LETTER_ROWS_WRITTEN),
        m);
  }

  /** The headline: {@value #CONSERVATION}. */
  public boolean conserved() {
    return read == accepted + deadLettered + duplicates;
  }

  /** Every check by name (the headline first), true where it holds. */
  public Map<String, Boolean> checks() {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put(CONSERVATION, conserved());
    checks.put("read = valid + dead_lettered", read == valid + deadLettered);
    checks.put("valid = accepted + duplicates", valid == accepted + duplicates);
    checks.put("accepted = archived + after_until", accepted == archived + afterUntil);
    checks.put("events rows written = archived", eventRowsWritten == archived);
    checks.put("dead_letter rows written = dead_lettered", deadLetterRowsWritten == deadLettered);
    return checks;
  }

  public List<String> failedChecks() {
    return checks().entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
  }

  /** {@code read 1,234 = accepted 1,200 + dead-lettered 20 + duplicates 14: conservation holds}. */
  public String conservationLine() {
    return String.format("read %,d = accepted %,d + dead-lettered %,d + duplicates %,d: %s",
        read, accepted, deadLettered, duplicates,
        conserved() ? "conservation holds" : "CONSERVATION FAILED (off by " + (read - accepted - deadLettered - duplicates) + ")");
  }
}
