package io.stillwater.pipelines.lake;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes Avro records as a Hive-partitioned Parquet table, the one way every Stillwater table is written (the
 * feature transforms' {@code training} and {@code snapshots} tables too): {@code <dir>/KEY=VALUE/part-NNNNN-of-MMMMM.parquet}.
 */
public final class ParquetTables {

  /**
   * parquet-avro's default is the legacy two-level list; the standard three-level one
   * ({@code LIST<element>}) is what DuckDB, Spark and Athena all read as a list.
   */
  static final Map<String, String> PARQUET_CONFIG = Map.of("parquet.avro.write-old-list-structure", "false");

  private ParquetTables() {}

  /**
   * @param stepName the write step's name, unique among its siblings
   * @param records with an {@code AvroCoder} for {@code schema}
   * @param partitionKey the folder key, e.g. {@code date}
   * @param partitionOf the folder value of a record, e.g. {@code 2026-11-28}
   * @param shardsPerPartition files per partition; fixed, so the layout is the same on every runner
   */
  public static WriteFilesResult<String> write(
      String stepName,
      PCollection<GenericRecord> records,
      Schema schema,
      String dir,
      String partitionKey,
      SerializableFunction<GenericRecord, String> partitionOf,
      int shardsPerPartition) {
    return write(stepName, records, schema, dir, partitionKey, partitionOf, shardsPerPartition, false);
  }

  /**
   * @param windowed true for a windowed, unbounded input (the streaming archive): one file set per window and
   *     partition, named by {@link WindowedPartitionNaming}
   */
  public static WriteFilesResult<String> write(
      String stepName,
      PCollection<GenericRecord> records,
      Schema schema,
      String dir,
      String partitionKey,
      SerializableFunction<GenericRecord, String> partitionOf,
      int shardsPerPartition,
      boolean windowed) {
    if (shardsPerPartition < 1) {
      throw new IllegalArgumentException("shards per partition must be at least 1, got " + shardsPerPartition);
    }
    return records.apply(
        stepName,
        FileIO.<String, GenericRecord>writeDynamic()
            .by(partitionOf)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(new LazyParquetSink(schema, PARQUET_CONFIG))
            .to(dir)
            .withNaming(value -> windowed
                ? new WindowedPartitionNaming(partitionKey, value) : new HivePartitionNaming(partitionKey, value))
            .withNumShards(shardsPerPartition));
  }
}
