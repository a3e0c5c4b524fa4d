package io.stillwater.pipelines.lake;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;

/**
 * {@code ParquetIO.sink(schema).withConfiguration(config)}, built when a file is opened instead of being carried
 * inside the write's {@code DoFn}s.
 *
 * <p>Why: ParquetIO's sink holds its settings as a Hadoop {@code Configuration}, and deserializing one re-reads
 * Hadoop's default XML resources (tens of milliseconds). The DirectRunner deserializes a {@code DoFn} for every
 * bundle, and after a {@code GroupByKey} or {@code Combine.perKey} there is a bundle per key: the sharding step of
 * {@code FileIO.write} then spent ~20 ms per event id of the backfill (measured: 110 s for 5,000 events, 7 s
 * with this sink). Here only the schema text and a plain map travel; the Configuration is made once per file.
 */
final class LazyParquetSink implements FileIO.Sink<GenericRecord> {

  private final String schemaJson;
  private final HashMap<String, String> configuration;
  private transient FileIO.Sink<GenericRecord> delegate;

  LazyParquetSink(Schema schema, Map<String, String> configuration) {
    this.schemaJson = schema.toString();
    this.configuration = new HashMap<>(configuration);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    delegate = ParquetIO.sink(new Schema.Parser().parse(schemaJson)).withConfiguration(configuration);
    delegate.open(channel);
  }

  @Override
  public void write(GenericRecord element) throws IOException {
    delegate.write(element);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }
}
