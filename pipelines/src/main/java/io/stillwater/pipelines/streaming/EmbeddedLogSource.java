package io.stillwater.pipelines.streaming;

import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.EmbeddedLogReader;
import io.stillwater.stream.LogRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * A Beam {@link UnboundedSource} over the {@link EmbeddedEventLog}: one split (the log is one ordered file),
 * records' timestamps are their append times, and the checkpoint holds the byte offset.
 *
 * <p>Timestamps and the watermark follow append (arrival) time, like KinesisIO's default arrival-time policy,
 * not event time: append times never decrease along the log, so the watermark never passes a record not yet
 * read and nothing is ever late for the windowed Parquet archive, however late an event's own {@code ts} is.
 * The feature state uses each event's {@code ts}, not the element timestamp. When the reader has caught up,
 * the watermark follows the clock (minus {@link #IDLE_MARGIN_MS} for appends stamped but not yet committed), so
 * archive windows close while the stream is idle.
 */
public final class EmbeddedLogSource extends UnboundedSource<String, EmbeddedLogCheckpoint> {

  private static final long serialVersionUID = 1L;
  static final long IDLE_MARGIN_MS = 2_000;
  private static final int POLL_RECORDS = 1_000;

  private final String dir;
  private final long startOffset;

  /** @param startOffset where a run without a checkpoint starts (resolved from a StreamPosition) */
  public EmbeddedLogSource(Path dir, long startOffset) {
    this.dir = dir.toAbsolutePath().toString();
    this.startOffset = startOffset;
  }

  @Override
  public List<EmbeddedLogSource> split(int desiredNumSplits, PipelineOptions options) {
    return List.of(this);
  }

  @Override
  public UnboundedReader<String> createReader(PipelineOptions options, EmbeddedLogCheckpoint checkpoint) {
    return new Reader(this, checkpoint == null ? startOffset : checkpoint.offset(),
        checkpoint == null ? Long.MIN_VALUE : checkpoint.lastAppendMs());
  }

  @Override
  public Coder<EmbeddedLogCheckpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(EmbeddedLogCheckpoint.class);
  }

  @Override
  public Coder<String> getOutputCoder() {
    return StringUtf8Coder.of();
  }

  /** By value: the DirectRunner compares decoded copies of a source. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddedLogSource other && dir.equals(other.dir) && startOffset == other.startOffset;
  }

  @Override
  public int hashCode() {
    return dir.hashCode() * 31 + Long.hashCode(startOffset);
  }

  static final class Reader extends UnboundedReader<String> {
    private final EmbeddedLogSource source;
    private final long startOffset;
    private final ArrayDeque<LogRecord> buffered = new ArrayDeque<>();
    private EmbeddedLogReader reader;
    private LogRecord current;
    private long lastAppendMs;
    /** Offset after the last record handed out (what a checkpoint must store). */
    private long emittedOffset;

    Reader(EmbeddedLogSource source, long startOffset, long lastAppendMs) {
      this.source = source;
      this.startOffset = startOffset;
      this.emittedOffset = startOffset;
      this.lastAppendMs = lastAppendMs;
    }

    @Override
    public boolean start() throws IOException {
      reader = EmbeddedEventLog.open(Path.of(source.dir)).reader(startOffset);
      StreamMetrics.POSITION.set(startOffset);
      return advance();
    }

    @Override
    public boolean advance() {
      if (buffered.isEmpty()) {
        buffered.addAll(reader.poll(POLL_RECORDS));
      }
      current = buffered.poll();
      if (current == null) {
        return false;
      }
      emittedOffset = current.nextOffset();
      lastAppendMs = Math.max(lastAppendMs, current.appendMs());
      StreamMetrics.RECORDS_READ.increment();
      StreamMetrics.POSITION.set(emittedOffset);
      StreamMetrics.LAST_ARRIVAL_MS.accumulateAndGet(current.appendMs(), Math::max);
      return true;
    }

    @Override
    public String getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.line();
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return Instant.ofEpochMilli(current.appendMs());
    }

    @Override
    public Instant getWatermark() {
      long mark = lastAppendMs;
      if (buffered.isEmpty() && reader != null && reader.caughtUp()) {
        mark = Math.max(mark, System.currentTimeMillis() - IDLE_MARGIN_MS);
      }
      return mark == Long.MIN_VALUE ? BoundedWindow.TIMESTAMP_MIN_VALUE : Instant.ofEpochMilli(mark);
    }

    @Override
    public EmbeddedLogCheckpoint getCheckpointMark() {
      return new EmbeddedLogCheckpoint(emittedOffset, lastAppendMs);
    }

    @Override
    public long getSplitBacklogBytes() {
      return BACKLOG_UNKNOWN;
    }

    @Override
    public UnboundedSource<String, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
