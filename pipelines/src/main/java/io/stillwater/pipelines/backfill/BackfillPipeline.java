package io.stillwater.pipelines.backfill;

import io.stillwater.contract.event.Event;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.ingest.DeadLetter;
import io.stillwater.pipelines.ingest.DeduplicateEvents;
import io.stillwater.pipelines.ingest.KeepEventsBefore;
import io.stillwater.pipelines.ingest.ParseEvents;
import io.stillwater.pipelines.ingest.ReadArchivedEvents;
import io.stillwater.pipelines.ingest.ReadEventLines;
import io.stillwater.pipelines.features.WriteFeatureTables;
import io.stillwater.pipelines.lake.Lake;
import io.stillwater.pipelines.lake.WriteDeadLettersParquet;
import io.stillwater.pipelines.lake.WriteEventsParquet;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.spark.metrics.MetricsAccumulator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The batch backfill: raw event history → validated, de-duplicated events up to a watermark, written to the
 * lake as Parquet, with every rejected line in a dead-letter table and a manifest of the run.
 *
 * <pre>
 *  ReadEventLines (+ ReadArchivedEvents of --streamArchive)
 *                 ─▶ ParseEvents ─┬─ dead letters ─▶ WriteDeadLettersParquet      (lake/dead_letter/date=…)
 *                                 └─ accepted ─▶ DeduplicateEvents ─▶ KeepEventsBefore(until)
 *                                                    ├─▶ WriteEventsParquet        (lake/events/date=…)
 *                                                    └─▶ feature transforms        (lake/training, lake/snapshots)
 * </pre>
 *
 * Runs on the Spark runner ({@code local[2]}) by default, on any Beam runner in principle, and on the DirectRunner
 * in tests. {@link #build} adds the transforms to a pipeline; {@link #run} also checks the input, clears the
 * tables it rebuilds, waits, reads the counters and writes the manifest.
 */
public final class BackfillPipeline {

  /** The tables a backfill rebuilds (cleared before it writes). The feature transforms add theirs. */
  public static final List<String> TABLES = List.of(Lake.EVENTS, Lake.DEAD_LETTER, Lake.TRAINING);

  private BackfillPipeline() {}

  /**
   * What {@link #build} made, for the steps that follow it.
   *
   * @param events accepted, distinct events with {@code ts} before the watermark, in no order: the input of the
   *     feature transforms
   * @param deadLetters every rejected line
   */
  public record Stages(PCollection<Event> events, PCollection<DeadLetter> deadLetters) {}

  public static Stages build(Pipeline pipeline, BackfillPlan plan) {
    Lake lake = plan.lake();

    PCollection<String> lines = pipeline.apply("ReadEventLines", ReadEventLines.from(plan.events()));
    if (plan.streamArchive() != null) {
      PCollection<String> archived = pipeline.apply("ReadStreamArchive", ReadArchivedEvents.from(plan.streamArchive()));
      lines = PCollectionList.of(lines).and(archived).apply("AllEventLines", Flatten.pCollections());
    }
    PCollectionTuple parsed = lines
        .apply("ParseEvents", ParseEvents.against(plan.catalog().contentIds()).receivedAt(plan.startedAt()));

    PCollection<DeadLetter> deadLetters = parsed.get(ParseEvents.DEAD_LETTERS);
    deadLetters.apply("WriteDeadLettersParquet",
        WriteDeadLettersParquet.to(lake.table(Lake.DEAD_LETTER)).withShardsPerDate(plan.shardsPerDate()));

    PCollection<Event> events = parsed.get(ParseEvents.ACCEPTED)
        .apply("DeduplicateEvents", plan.dedupBuckets() > 0
            ? DeduplicateEvents.byEventId().withBuckets(plan.dedupBuckets())
            : DeduplicateEvents.byEventId())
        .apply("KeepEventsBefore", KeepEventsBefore.watermark(plan.until()));

    events.apply("WriteEventsParquet",
        WriteEventsParquet.to(lake.table(Lake.EVENTS)).withShardsPerDate(plan.shardsPerDate()));

    events.apply("WriteFeatureTables",
        new WriteFeatureTables(lake, plan.catalogSource(), plan.until(), plan.shardsPerDate()));

    return new Stages(events, deadLetters);
  }

  /** Resolves the plan from the options, then {@link #run(BackfillOptions, BackfillPlan)}. */
  public static BackfillResult run(BackfillOptions options) {
    return run(options, BackfillPlan.from(options));
  }

  /**
   * Runs the backfill to the end and writes its manifest.
   *
   * @throws IllegalArgumentException when the events location matches no file
   */
  public static BackfillResult run(BackfillOptions options, BackfillPlan requested) {
    long startNanos = System.nanoTime();
    FileSystems.setDefaultPipelineOptions(options);
    List<MatchResult.Metadata> inputs = new ArrayList<>(ReadEventLines.matchedFiles(requested.events()));
    if (requested.streamArchive() != null) {
      inputs.addAll(ReadArchivedEvents.matchedFiles(requested.streamArchive()));
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no event files at " + requested.events()
          + " (a directory is searched for *.jsonl and *.jsonl.gz at any depth)"
          + (requested.streamArchive() == null ? "" : " nor Parquet files under " + requested.streamArchive()));
    }
    long inputBytes = inputs.stream().mapToLong(MatchResult.Metadata::sizeBytes).sum();
    BackfillPlan plan = requested.withInputSize(inputBytes);
    for (String table : TABLES) {
      plan.lake().clearTable(table);
    }
    // Snapshots of other watermarks stay: each is the input of a store generation.
    plan.lake().clearTable(WriteFeatureTables.snapshotTable(plan.until()));

    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, plan);
    String runner = options.getRunner().getSimpleName();
    if (runner.contains("Spark")) {
      // The Spark runner keeps its metrics in a JVM-wide singleton bound to the first SparkContext: without this a
      // second run in the same JVM would add to the first run's counts.
      MetricsAccumulator.clear();
    }
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    BackfillCounts counts = BackfillCounts.of(PipelineCounters.read(result));
    plan.lake().removeEmptyTempFolders();

    BackfillResult done = new BackfillResult(
        plan, runner, inputs.size(), inputBytes, state, counts, Instant.now().truncatedTo(ChronoUnit.MILLIS),
        Duration.ofNanos(System.nanoTime() - startNanos), BackfillManifest.path(plan));
    plan.lake().writeText(done.manifest(), BackfillManifest.toJson(done));
    return done;
  }

  /**
   * Plain Beam entry point, e.g. for {@code spark-submit}: {@code --events=… --until=… --lake=…} plus runner
   * options; the runner defaults to {@code SparkRunner} with {@code --sparkMaster=local[2]} (a cluster's
   * {@code spark.master} set by spark-submit takes precedence). {@code ./stillwater backfill} is the friendlier
   * front ({@link BackfillCommand}).
   */
  public static void main(String[] args) {
    List<String> arguments = new ArrayList<>(Arrays.asList(args));
    if (arguments.stream().noneMatch(a -> a.startsWith("--runner="))) {
      arguments.add("--runner=SparkRunner");
    }
    if (arguments.stream().noneMatch(a -> a.startsWith("--sparkMaster="))) {
      arguments.add("--sparkMaster=local[2]");
    }
    BackfillOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).withValidation().as(BackfillOptions.class);
    BackfillResult result = run(options);
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    BackfillReport.print(result, out);
    System.exit(result.ok() ? 0 : 1);
  }
}
