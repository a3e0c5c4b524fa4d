package io.stillwater.pipelines.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.lake.Lake;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON record of one backfill run, {@code <lake>/manifests/backfill-<until>.json} (docs/lake.md): input,
 * watermark, runner, counts, the conservation check, every counter, and the feature-schema version. A later run
 * with the same watermark replaces it, as it replaces the tables.
 */
public final class BackfillManifest {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BackfillManifest() {}

  public static String fileName(Instant until) {
    return "backfill-" + Watermark.fileSafe(until) + ".json";
  }

  public static String path(BackfillPlan plan) {
    return plan.lake().manifest(fileName(plan.until()));
  }

  public static String toJson(BackfillResult r) {
    BackfillPlan plan = r.plan();
    BackfillCounts c = r.counts();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("kind", "backfill");
    root.put("input", plan.events());
    if (plan.streamArchive() != null) {
      root.put("stream_archive", plan.streamArchive());
    }
    root.put("input_files", r.inputFiles());
    root.put("input_bytes", r.inputBytes());
    root.put("until", plan.until().toString());
    root.put("watermark", plan.until().toString());
    root.put("lake", plan.lake().root());
    ObjectNode tables = root.putObject("tables");
    tables.put("events", plan.lake().table(Lake.EVENTS));
    tables.put("dead_letter", plan.lake().table(Lake.DEAD_LETTER));
    root.put("runner", r.runner());
    root.put("state", r.state().toString());
    root.put("started_at", plan.startedAt().toString());
    root.put("finished_at", r.finishedAt().toString());
    root.put("wall_seconds", r.wall().toMillis() / 1000.0);
    root.put("feature_schema_version", plan.featureSchemaVersion());
    ObjectNode counts = root.putObject("counts");
    counts.put("read", c.read());
    counts.put("accepted", c.accepted());
    counts.put("dead_lettered", c.deadLettered());
    counts.put("duplicates", c.duplicates());
    counts.put("valid", c.valid());
    counts.put("archived", c.archived());
    counts.put("after_until", c.afterUntil());
    Long examples = c.metrics().get("training_examples");
    if (examples == null) {
      counts.putNull("examples");
    } else {
      counts.put("examples", examples);
    }
    ObjectNode conservation = root.putObject("conservation");
    conservation.put("equation", BackfillCounts.CONSERVATION);
    conservation.put("holds", c.conserved());
    conservation.put("line", c.conservationLine());
    ObjectNode checks = root.putObject("checks");
    c.checks().forEach(checks::put);
    ObjectNode metrics = root.putObject("metrics");
    metrics.put("namespace", PipelineCounters.NAMESPACE);
    ObjectNode counters = metrics.putObject("counters");
    c.metrics().forEach(counters::put);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
