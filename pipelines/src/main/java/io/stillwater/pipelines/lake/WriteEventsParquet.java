package io.stillwater.pipelines.lake;

import io.stillwater.contract.event.Event;
import io.stillwater.pipelines.PipelineCounters;
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
 * Writes events as the {@code events} table: {@code <dir>/date=YYYY-MM-DD/part-NNNNN-of-MMMMM.parquet}, the
 * date being the UTC date of {@code ts}, with the typed columns of {@link EventRecords#SCHEMA}. Counts
 * {@code event_rows_written}.
 */
public final class WriteEventsParquet extends PTransform<PCollection<Event>, WriteFilesResult<String>> {

  private final String dir;
  private final int shardsPerDate;
  /** true: a windowed, unbounded input; one file set per window (the streaming archive). */
  private final boolean windowed;

  private WriteEventsParquet(String dir, int shardsPerDate, boolean windowed) {
    this.windowed = windowed;
    this.dir = Objects.requireNonNull(dir, "dir");
    this.shardsPerDate = shardsPerDate;
  }

  /** To the table folder, e.g. {@code lake.table(Lake.EVENTS)}; one file per date. */
  public static WriteEventsParquet to(String dir) {
    return new WriteEventsParquet(dir, 1, false);
  }

  public WriteEventsParquet withShardsPerDate(int shards) {
    return new WriteEventsParquet(dir, shards, windowed);
  }

  /** For a windowed stream: files named per window ({@link WindowedPartitionNaming}). */
  public WriteEventsParquet windowed() {
    return new WriteEventsParquet(dir, shardsPerDate, true);
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<Event> events) {
    PCollection<GenericRecord> records =
        events.apply("ToAvro", ParDo.of(new ToRecordFn())).setCoder(AvroCoder.of(EventRecords.SCHEMA));
    return ParquetTables.write(
        "WriteParquet",
        records, EventRecords.SCHEMA, dir, "date", EventRecords::partitionDate, shardsPerDate, windowed);
  }

  static final class ToRecordFn extends DoFn<Event, GenericRecord> {
    private final Counter written = PipelineCounters.counter(PipelineCounters.EVENT_ROWS_WRITTEN);

    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<GenericRecord> out) {
      written.inc();
      out.output(EventRecords.toRecord(event));
    }
  }
}
