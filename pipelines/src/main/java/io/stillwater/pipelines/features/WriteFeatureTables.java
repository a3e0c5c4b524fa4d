package io.stillwater.pipelines.features;

import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.Entity;
import io.stillwater.pipelines.lake.Lake;
import io.stillwater.pipelines.lake.ParquetTables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;

/**
 * From validated, distinct events up to the watermark, the feature tables of the lake:
 * {@code training/date=…/} (one row per ended session, features strictly before its start) and
 * {@code snapshots/asof=…/entity=user|content/} (every entity's state and values at the watermark).
 *
 * <pre>
 *  events ─┬─▶ ComputeUserFeatures ────┬─ sessions ─┐
 *          │                          └─ snapshots ─┼──────────────▶ SnapshotRows ─▶ snapshots/entity=user
 *          └─▶ ComputeContentFeatures ─┬─ at starts ─┴▶ BuildTrainingExamples ─▶ training/date=…
 *                                     └─ snapshots ────────────────▶ SnapshotRows ─▶ snapshots/entity=content
 * </pre>
 */
public final class WriteFeatureTables extends PTransform<PCollection<Event>, PDone> {

  private static final DateTimeFormatter ASOF_FOLDER =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Lake lake;
  private final CatalogSource catalog;
  private final Instant watermark;
  private final int shards;

  public WriteFeatureTables(Lake lake, CatalogSource catalog, Instant watermark, int shardsPerPartition) {
    this.lake = lake;
    this.catalog = catalog;
    this.watermark = watermark;
    this.shards = shardsPerPartition;
  }

  /** The snapshot table of a watermark, {@code snapshots/asof=20261128T000000Z} (no ':' for Hadoop paths). */
  public static String snapshotTable(Instant watermark) {
    return Lake.SNAPSHOTS + "/asof=" + ASOF_FOLDER.format(watermark);
  }

  @Override
  public PDone expand(PCollection<Event> events) {
    PCollectionTuple users = events.apply("ComputeUserFeatures", new ComputeUserFeatures(catalog, watermark));
    PCollectionTuple contents = events.apply("ComputeContentFeatures", new ComputeContentFeatures(watermark));

    PCollection<GenericRecord> examples = PCollectionTuple
        .of(BuildTrainingExamples.USER_SIDE, users.get(ComputeUserFeatures.SESSIONS))
        .and(BuildTrainingExamples.CONTENT_SIDE, contents.get(ComputeContentFeatures.AT_SESSION_START))
        .apply("BuildTrainingExamples", new BuildTrainingExamples(catalog));
    ParquetTables.write("WriteTraining", examples, TrainingExampleSchema.SCHEMA, lake.table(Lake.TRAINING), "date",
        r -> Instant.ofEpochMilli((Long) r.get("start_ts")).atZone(ZoneOffset.UTC).toLocalDate().toString(), shards);

    String snapshots = lake.table(snapshotTable(watermark));
    PCollection<GenericRecord> userRows = users.get(ComputeUserFeatures.SNAPSHOTS).apply("UserSnapshotRows", new SnapshotRows(Entity.USER));
    ParquetTables.write("WriteUserSnapshots", userRows, SnapshotSchema.of(Entity.USER), snapshots, "entity", r -> "user", shards);
    PCollection<GenericRecord> contentRows =
        contents.get(ComputeContentFeatures.SNAPSHOTS).apply("ContentSnapshotRows", new SnapshotRows(Entity.CONTENT));
    ParquetTables.write("WriteContentSnapshots", contentRows, SnapshotSchema.of(Entity.CONTENT), snapshots, "entity", r -> "content", shards);
    return PDone.in(events.getPipeline());
  }
}
