package io.stillwater.pipelines.backfill;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.ingest.DeduplicateEvents;
import io.stillwater.pipelines.lake.Lake;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What one backfill run does, resolved from its options on the driver before the pipeline is built: where the
 * events are, the watermark, the lake, the catalog, and the run's start time (the receiver's clock).
 *
 * @param events a directory, glob or file (see {@code ReadEventLines})
 * @param until the watermark: events with {@code ts < until} are archived and featurized
 * @param startedAt the receiver's clock for validation and the dead letters' {@code received_at}
 * @param catalogSource where workers load the catalog from (validated when the plan is made)
 * @param dedupBuckets buckets for {@code DeduplicateEvents}; 0 until {@link #withInputSize} picks them
 * @param streamArchive the stream's Parquet archive read beside {@code events} (see {@code ReadArchivedEvents}), or
 *     null
 */
public record BackfillPlan(
    String events,
    Instant until,
    Lake lake,
    CatalogSource catalogSource,
    Instant startedAt,
    int shardsPerDate,
    int dedupBuckets,
    String streamArchive) {

  /** Input per de-duplication bucket when the number is picked from the input size. */
  static final long BYTES_PER_BUCKET = 4L << 20;

  public BackfillPlan {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(catalogSource, "catalogSource");
    Objects.requireNonNull(startedAt, "startedAt");
    if (dedupBuckets < 0) {
      throw new IllegalArgumentException("dedup buckets must not be negative, got " + dedupBuckets);
    }
    if (shardsPerDate < 1) {
      throw new IllegalArgumentException("shards per date must be at least 1, got " + shardsPerDate);
    }
  }

  /**
   * @throws IllegalArgumentException for a bad time or shard count
   * @throws io.stillwater.contract.catalog.CatalogException for a bad catalog file
   */
  public static BackfillPlan from(BackfillOptions options) {
    Instant until = Watermark.parse(options.getUntil());
    Instant startedAt = options.getStartedAt() == null
        ? Instant.now().truncatedTo(ChronoUnit.MILLIS)
        : Watermark.parse(options.getStartedAt());
    CatalogSource catalogSource = CatalogSource.of(Optional.ofNullable(options.getCatalog()).map(Path::of));
    catalogSource.load(); // a bad catalog fails here, before anything runs
    return new BackfillPlan(
        options.getEvents(), until, Lake.at(options.getLake()), catalogSource, startedAt, options.getShardsPerDate(),
        options.getDedupBuckets(),
        options.getStreamArchive() == null || options.getStreamArchive().isBlank() ? null : options.getStreamArchive());
  }

  /** Picks the de-duplication buckets from the input's size unless they were given: one per 4 MB, at least 16. */
  public BackfillPlan withInputSize(long inputBytes) {
    if (dedupBuckets > 0) {
      return this;
    }
    int buckets = (int) Math.min(4096, Math.max(DeduplicateEvents.DEFAULT_BUCKETS, (inputBytes + BYTES_PER_BUCKET - 1) / BYTES_PER_BUCKET));
    return new BackfillPlan(events, until, lake, catalogSource, startedAt, shardsPerDate, buckets, streamArchive);
  }

  public Catalog catalog() {
    return catalogSource.load();
  }

  /** The feature registry's schema version: the training rows and snapshots this plan writes carry it. */
  public String featureSchemaVersion() {
    return FeatureRegistry.schemaVersion();
  }
}
