package io.stillwater.pipelines.lake;

import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.ingest.DeadLetter;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes dead letters as the {@code dead_letter} table: {@code <dir>/date=YYYY-MM-DD/part-NNNNN-of-MMMMM.parquet},
 * the date being the UTC date the line was received, with the columns of {@link DeadLetterRecords#SCHEMA}.
 * Counts {@code dead_letter_rows_written}.
 */
public final class WriteDeadLettersParquet extends PTransform<PCollection<DeadLetter>, WriteFilesResult<String>> {

  private final String dir;
  private final int shardsPerDate;
  /** true: a windowed, unbounded input; one file set per window (the streaming archive). */
  private final boolean windowed;

  private WriteDeadLettersParquet(String dir, int shardsPerDate, boolean windowed) {
    this.windowed = windowed;
    this.dir = Objects.requireNonNull(dir, "dir");
    this.shardsPerDate = shardsPerDate;
  }

  /** To the table folder, e.g. {@code lake.table(Lake.DEAD_LETTER)}; one file per date. */
  public static WriteDeadLettersParquet to(String dir) {
    return new WriteDeadLettersParquet(dir, 1, false);
  }

  public WriteDeadLettersParquet withShardsPerDate(int shards) {
    return new WriteDeadLettersParquet(dir, shards, windowed);
  }

  /** For a windowed stream: files named per window ({@link WindowedPartitionNaming}). */
  public WriteDeadLettersParquet windowed() {
    return new WriteDeadLettersParquet(dir, shardsPerDate, true);
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<DeadLetter> deadLetters) {
    PCollection<GenericRecord> records =
        deadLetters.apply("ToAvro", ParDo.of(new ToRecordFn())).setCoder(AvroCoder.of(DeadLetterRecords.SCHEMA));
    return ParquetTables.write(
        "WriteParquet",
        records, DeadLetterRecords.SCHEMA, dir, "date", DeadLetterRecords::partitionDate, shardsPerDate, windowed);
  }

  static final class ToRecordFn extends DoFn<DeadLetter, GenericRecord> {
    private final Counter written = PipelineCounters.counter(PipelineCounters.DEAD_LETTER_ROWS_WRITTEN);

    @ProcessElement
    public void processElement(@Element DeadLetter deadLetter, OutputReceiver<GenericRecord> out) {
      written.inc();
      out.output(DeadLetterRecords.toRecord(deadLetter));
    }
  }
}
