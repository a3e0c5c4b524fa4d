package io.stillwater.pipelines.streaming;

import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.StreamPosition;
import java.nio.file.Path;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The embedded stream's records (raw JSON lines) from a start position. The position is resolved to a byte
 * offset when the pipeline is built (LATEST means "the end of the log now"); a run restored from a checkpoint
 * resumes at the checkpoint's offset instead.
 */
public final class ReadEmbeddedStream extends PTransform<PBegin, PCollection<String>> {

  private final Path dir;
  private final long startOffset;
  private final long maxRecords;

  private ReadEmbeddedStream(Path dir, long startOffset, long maxRecords) {
    this.dir = dir;
    this.startOffset = startOffset;
    this.maxRecords = maxRecords;
  }

  public static ReadEmbeddedStream from(EmbeddedEventLog log, StreamPosition start) {
    return new ReadEmbeddedStream(log.directory(), log.resolve(start), Long.MAX_VALUE);
  }

  /** Stops after {@code n} records: a bounded read, for tests and benchmarks. */
  public ReadEmbeddedStream withMaxRecords(long n) {
    return new ReadEmbeddedStream(dir, startOffset, n);
  }

  public long startOffset() {
    return startOffset;
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    Read.Unbounded<String> read = Read.from(new EmbeddedLogSource(dir, startOffset));
    return maxRecords == Long.MAX_VALUE ? input.apply("ReadEmbeddedLog", read)
        : input.apply("ReadEmbeddedLog", read.withMaxNumRecords(maxRecords));
  }
}
