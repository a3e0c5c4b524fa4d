package io.stillwater.cli.retrain;

/** The steps of one retraining run, in order. Each is safe to run again after a crash (see {@link RetrainRun}). */
public enum RetrainStep {
  /** Fix the watermark and the stream position, and freeze the input (history + the stream up to that position). */
  PLAN,
  /** Batch features up to the watermark on the Spark runner: lake tables, training examples, snapshot. */
  BACKFILL,
  /** Train and evaluate against popularity and the live model; the gate decides. */
  TRAIN,
  /** Load the standby slot from the new snapshot, tied to the new model. */
  LOAD,
  /** Start the standby slot's streaming pipeline from the stream position at the watermark. */
  STREAM,
  /** Wait until that stream has caught up (lag under the threshold). */
  CATCH_UP,
  /** Sampled feature values equal a fresh recomputation; the model loads and scores a smoke set. */
  VERIFY,
  /** Compare-and-set the live pointer to the new generation; the previous one stays for rollback. */
  PROMOTE,
  /** After a grace period, stop the stream of the slot that was live before. */
  RETIRE_OLD_STREAM;

  public String wireName() {
    return name().toLowerCase().replace('_', '-');
  }
}
