package io.stillwater.pipelines.backfill;

import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.features.WriteFeatureTables;
import io.stillwater.pipelines.lake.Lake;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The few lines a backfill prints: input, the conservation line, what went where, and time. */
public final class BackfillReport {

  private BackfillReport() {}

  public static void print(BackfillResult r, PrintWriter out) {
    BackfillPlan plan = r.plan();
    BackfillCounts c = r.counts();
    out.printf(Locale.ROOT, "backfill %s: %,d file(s), %s, until %s, on %s%n",
        plan.events(), r.inputFiles(), megabytes(r.inputBytes()), plan.until(), r.runner());
    out.println(c.conservationLine());
    out.printf(Locale.ROOT, "events: %,d archived, %,d at or after --until; dead letters: %,d%n",
        c.archived(), c.afterUntil(), c.deadLettered());
    List<String> failed = c.failedChecks();
    if (!failed.isEmpty()) {
      out.println("CHECKS FAILED: " + String.join("; ", failed));
    }
    if (r.state() != org.apache.beam.sdk.PipelineResult.State.DONE) {
      out.println("pipeline state: " + r.state());
    }
    out.printf(Locale.ROOT, "features (schema %s): %,d training examples, %,d users snapshotted as of %s%n",
        plan.featureSchemaVersion(), c.metrics().getOrDefault(PipelineCounters.TRAINING_EXAMPLES, 0L),
        c.metrics().getOrDefault(PipelineCounters.USERS_FEATURIZED, 0L), plan.until());
    out.printf(Locale.ROOT, "lake: %s (%s/, %s/, %s/, %s/), manifest %s%n",
        plan.lake().root(), Lake.EVENTS, Lake.DEAD_LETTER, Lake.TRAINING, WriteFeatureTables.snapshotTable(plan.until()),
        r.manifest());
    out.printf(Locale.ROOT, "done in %.1f s%n", r.wall().toMillis() / 1000.0);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
