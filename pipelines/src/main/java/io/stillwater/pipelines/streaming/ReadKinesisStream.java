package io.stillwater.pipelines.streaming;

import io.stillwater.stream.KinesisClients;
import io.stillwater.stream.StreamPosition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisIO;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import software.amazon.awssdk.regions.Region;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * A Kinesis stream's records (raw JSON lines) through Beam's KinesisIO (AWS SDK v2), from LATEST, TRIM_HORIZON
 * or AT_TIMESTAMP. Timestamps and watermark are KinesisIO's default: approximate arrival time, the same policy
 * as the embedded source. An endpoint override (kinesalite) gets HTTP/1.1 and, on loopback, dummy credentials.
 */
public final class ReadKinesisStream extends PTransform<PBegin, PCollection<String>> {

  private final String stream;
  private final String endpoint;
  private final String region;
  private final StreamPosition start;
  private long maxRecords = Long.MAX_VALUE;

  private ReadKinesisStream(String stream, String endpoint, String region, StreamPosition start) {
    if (stream == null || stream.isBlank()) {
      throw new IllegalArgumentException("--kinesis-stream is required for --source kinesis");
    }
    if (start instanceof StreamPosition.Offset) {
      throw new IllegalArgumentException("start position " + start + " is an embedded-log offset; Kinesis takes LATEST, TRIM_HORIZON or a time");
    }
    this.stream = stream;
    this.endpoint = endpoint;
    this.region = region;
    this.start = start;
  }

  public static ReadKinesisStream from(String stream, String endpoint, String region, StreamPosition start) {
    return new ReadKinesisStream(stream, endpoint, region, start);
  }

  /** Stops after {@code n} records: a bounded read, for tests and benchmarks. */
  public ReadKinesisStream withMaxRecords(long n) {
    ReadKinesisStream copy = new ReadKinesisStream(stream, endpoint, region, start);
    copy.maxRecords = n;
    return copy;
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    Optional<URI> override = Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create);
    ClientConfiguration.Builder config = ClientConfiguration.builder()
        .region(Region.of(region))
        .credentialsProvider(KinesisClients.credentials(override));
    override.ifPresent(uri -> config.endpoint(uri).skipCertificateVerification(true)); // HTTP/1.1 for kinesalite
    KinesisIO.Read read = KinesisIO.read().withStreamName(stream).withClientConfiguration(config.build());
    if (start instanceof StreamPosition.AtTimestamp at) {
      read = read.withInitialTimestampInStream(Instant.ofEpochMilli(at.time().toEpochMilli()));
    } else {
      read = read.withInitialPositionInStream(start instanceof StreamPosition.TrimHorizon
          ? InitialPositionInStream.TRIM_HORIZON : InitialPositionInStream.LATEST);
    }
    if (maxRecords != Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxRecords);
    }
    return input.apply("ReadKinesis", read)
        .apply("RecordData", ParDo.of(new DataFn()))
        .setCoder(StringUtf8Coder.of());
  }

  static final class DataFn extends DoFn<KinesisRecord, String> {
    @ProcessElement
    public void process(@Element KinesisRecord record, OutputReceiver<String> out) {
      StreamMetrics.RECORDS_READ.increment();
      StreamMetrics.LAST_ARRIVAL_MS.accumulateAndGet(record.getApproximateArrivalTimestamp().getMillis(), Math::max);
      out.output(new String(record.getDataAsBytes(), StandardCharsets.UTF_8));
    }
  }
}
