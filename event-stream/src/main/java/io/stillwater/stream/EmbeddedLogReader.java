package io.stillwater.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed records of an {@link EmbeddedEventLog} from a position, without blocking: {@link #poll}
 * returns what has been committed since the last call (possibly nothing). Not thread-safe; one per consumer.
 */
public final class EmbeddedLogReader implements AutoCloseable {

  private static final int MAX_CHUNK = 4 << 20;

  private final Path dir;
  private final FileChannel data;
  private final FileChannel index;
  private long offset;
  /** The index entry to load when {@link #offset} reaches {@link #batchEnd}. */
  private long nextEntry;
  private long batchEnd;
  private long batchAppendMs;
  private long lastAppendMs = Long.MIN_VALUE;

  EmbeddedLogReader(Path dir, long offset) {
    this.dir = dir;
    try {
      this.data = FileChannel.open(dir.resolve(EmbeddedEventLog.DATA_FILE), StandardOpenOption.READ);
      this.index = FileChannel.open(dir.resolve(EmbeddedEventLog.INDEX_FILE), StandardOpenOption.READ);
      this.offset = offset;
      this.batchEnd = offset;
      this.nextEntry = firstEntryEndingAfter(offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event log in " + dir, e);
    }
  }

  private long firstEntryEndingAfter(long position) throws IOException {
    long lo = 0;
    long hi = index.size() / EmbeddedEventLog.ENTRY_BYTES;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (EmbeddedEventLog.readEntry(index, mid).getLong(8) <= position) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The position of the next record this reader returns. */
  public long position() {
    return offset;
  }

  /** Append time of the newest record returned so far ({@code Long.MIN_VALUE} before the first). */
  public long lastAppendMs() {
    return lastAppendMs;
  }

  /** True when every committed record has been returned (as of this call). */
  public boolean caughtUp() {
    try {
      return offset >= batchEnd && nextEntry >= index.size() / EmbeddedEventLog.ENTRY_BYTES;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Up to {@code max} committed records after the current position; empty when there are none yet. */
  public List<LogRecord> poll(int max) {
    List<LogRecord> out = new ArrayList<>(Math.min(max, 1024));
    try {
      while (out.size() < max) {
        if (offset >= batchEnd) {
          if (nextEntry >= index.size() / EmbeddedEventLog.ENTRY_BYTES) {
            break;
          }
          ByteBuffer entry = EmbeddedEventLog.readEntry(index, nextEntry++);
          batchAppendMs = entry.getLong(0);
          batchEnd = entry.getLong(8);
          continue;
        }
        readLines(out, max);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event log in " + dir, e);
    }
    return out;
  }

  /** Lines from {@link #offset} within the current batch (which always ends with a newline). */
  private void readLines(List<LogRecord> out, int max) throws IOException {
    int size = (int) Math.min(batchEnd - offset, MAX_CHUNK);
    ByteBuffer buf = ByteBuffer.allocate(size);
    while (buf.hasRemaining()) {
      if (data.read(buf, offset + buf.position()) < 0) {
        throw new IOException("data ends before committed offset " + batchEnd);
      }
    }
    byte[] bytes = buf.array();
    int lineStart = 0;
    for (int i = 0; i < size && out.size() < max; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
        long start = offset + lineStart;
        out.add(new LogRecord(line, batchAppendMs, start, offset + i + 1));
        lastAppendMs = batchAppendMs;
        lineStart = i + 1;
      }
    }
    if (lineStart == 0) {
      if (size == MAX_CHUNK) {
        throw new IOException("a record at offset " + offset + " is longer than " + MAX_CHUNK + " bytes");
      }
      throw new IOException("committed batch ending at " + batchEnd + " does not end with a newline");
    }
    offset += lineStart;
  }

  @Override
  public void close() {
    try {
      data.close();
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
