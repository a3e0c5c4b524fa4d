/**
 * Beam pipelines: the batch backfill (Spark runner) and, later, the streaming pipeline (Flink runner), composed of
 * the same named PTransforms.
 *
 * <ul>
 *   <li>{@code ingest}: raw lines to distinct, valid events — {@code ReadEventLines}, {@code ParseEvents} (with
 *       dead letters), {@code DeduplicateEvents}, {@code KeepEventsBefore};
 *   <li>{@code lake}: Hive-partitioned Parquet tables (docs/lake.md) — {@code WriteEventsParquet},
 *       {@code WriteDeadLettersParquet}, {@code ParquetTables};
 *   <li>{@code features}: the feature transforms over the features module's arithmetic;
 *   <li>{@code backfill}: the batch pipeline, its options, manifest and the {@code stillwater backfill} command;
 *   <li>{@code coders}: deterministic coders for events and dead letters, registered for every pipeline.
 * </ul>
 *
 * Every transform counts what it does in Beam metrics ({@link io.stillwater.pipelines.PipelineCounters}), never by
 * throwing on bad input.
 */
package io.stillwater.pipelines;
