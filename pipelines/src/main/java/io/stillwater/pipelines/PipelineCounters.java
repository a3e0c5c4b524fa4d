package io.stillwater.pipelines;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The Beam counters Stillwater's transforms keep, all in one namespace, and how a finished run's values are
 * read back. Counting with metrics (not by throwing or logging) is how bad input stays visible without stopping
 * a pipeline; the backfill's manifest and its conservation check are made from these values.
 */
public final class PipelineCounters {

  public static final String NAMESPACE = "stillwater";

  /** Lines that entered {@code ParseEvents}. */
  public static final String LINES_READ = "lines_read";
  /** Lines that validated as events (every copy of a duplicate included). */
  public static final String EVENTS_ACCEPTED = "events_accepted";
  /** Lines that did not, sent to the dead-letter output. */
  public static final String EVENTS_DEAD_LETTERED = "events_dead_lettered";
  /** Copies dropped by {@code DeduplicateEvents} (an event delivered n times counts n - 1). */
  public static final String EVENTS_DUPLICATE = "events_duplicate";
  /** Distinct events {@code DeduplicateEvents} kept. */
  public static final String EVENTS_UNIQUE = "events_unique";
  /** Distinct events before the backfill's watermark ({@code --until}). */
  public static final String EVENTS_BEFORE_UNTIL = "events_before_until";
  /** Distinct events at or after the watermark: valid, but outside this backfill. */
  public static final String EVENTS_AFTER_UNTIL = "events_after_until";
  /** Rows handed to the events Parquet writer. */
  public static final String EVENT_ROWS_WRITTEN = "event_rows_written";
  /** Rows handed to the dead-letter Parquet writer. */
  public static final String DEAD_LETTER_ROWS_WRITTEN = "dead_letter_rows_written";

  /** Users whose events were folded into feature state (one snapshot row each). */
  public static final String USERS_FEATURIZED = "users_featurized";
  /** Ended sessions that got the user's features as of their start. */
  public static final String SESSIONS_LABELLED = "sessions_labelled";
  /** Training rows made: labelled sessions joined with their item's features. */
  public static final String TRAINING_EXAMPLES = "training_examples";
  /** Sessions with only one side at the join (started but never ended: no label). */
  public static final String SESSIONS_WITHOUT_LABEL = "sessions_without_label";

  private PipelineCounters() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /**
   * Every counter of the namespace after a run, summed over the steps that keep it. Committed values where the
   * runner reports them (the DirectRunner does), otherwise attempted ones (the Spark runner's accumulators), which
   * equal the committed ones unless tasks were retried.
   */
  public static SortedMap<String, Long> read(PipelineResult result) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(
            MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build());
    SortedMap<String, Long> values = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      values.merge(counter.getName().getName(), valueOf(counter), Long::sum);
    }
    return values;
  }

  private static long valueOf(MetricResult<Long> counter) {
    try {
      Long committed = counter.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException notSupported) {
      // fall through to the attempted value
    }
    Long attempted = counter.getAttempted();
    return attempted == null ? 0 : attempted;
  }

  /** The value of one counter in {@code values}, 0 when the run never touched it. */
  public static long get(Map<String, Long> values, String name) {
    return values.getOrDefault(name, 0L);
  }
}
