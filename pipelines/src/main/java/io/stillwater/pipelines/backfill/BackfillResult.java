package io.stillwater.pipelines.backfill;

import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.PipelineResult;

/**
 * What a backfill run did.
 *
 * @param runner the Beam runner's name, e.g. {@code SparkRunner}
 * @param inputFiles files the events location matched
 * @param manifest where the run's manifest was written
 */
public record BackfillResult(
    BackfillPlan plan,
    String runner,
    int inputFiles,
    long inputBytes,
    PipelineResult.State state,
    BackfillCounts counts,
    Instant finishedAt,
    Duration wall,
    String manifest) {

  /** Finished, and every count check holds. */
  public boolean ok() {
    return state == PipelineResult.State.DONE && counts.failedChecks().isEmpty();
  }
}
