package io.stillwater.stream;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event stream: an append-only log in a directory (by default {@code <workspace>/stream/}) that
 * any number of processes append to and read from, replayable from any position, like a one-shard Kinesis
 * stream that needs no server.
 *
 * <p>Layout: {@code events.jsonl} holds the events, one JSON line each (so the log is also a plain landing file
 * that {@code backfill --events} can read); {@code events.idx} holds one 16-byte entry per append,
 * {@code (appendMs, endOffset)}; {@code append.lock} serializes appenders across processes. An append writes its
 * lines, forces them to disk, then writes and forces its index entry: the index entry is the commit. Readers
 * only read up to the last committed entry, so a crash half way through an append leaves nothing visible, and
 * the next appender cuts the torn tail off. Append times never decrease along the log (an append is stamped
 * with the later of the clock and the previous stamp), which makes {@link #offsetAt} a binary search and gives
 * readers a watermark.
 *
 * <p>Positions are byte offsets into {@code events.jsonl} at record boundaries. No retention yet: the log grows
 * until it is deleted (a new workspace, or by hand while nothing runs).
 */
public final class EmbeddedEventLog implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEventLog.class);

  public static final String DATA_FILE = "events.jsonl";
  public static final String INDEX_FILE = "events.idx";
  public static final String LOCK_FILE = "append.lock";
  static final int ENTRY_BYTES = 16;

  /** File locks are per process; threads of one process (or two logs on one directory) share this lock first. */
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path dir;
  private final boolean fsync;
  private final ReentrantLock inProcess;

  private EmbeddedEventLog(Path dir, boolean fsync) {
    this.dir = dir;
    this.fsync = fsync;
    this.inProcess = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
  }

  /** The log under {@code <workspace>/stream/}, created if missing; appends are forced to disk. */
  public static EmbeddedEventLog inWorkspace(Path workspace) {
    return open(workspace.resolve("stream"));
  }

  /** The log in {@code dir}, created if missing; appends are forced to disk before they return. */
  public static EmbeddedEventLog open(Path dir) {
    return open(dir, true);
  }

  /**
   * @param fsync false keeps appends in the OS page cache (they survive the process, not the machine): for
   *     benchmarks and tests that append many small batches
   */
  public static EmbeddedEventLog open(Path dir, boolean fsync) {
    try {
      Path abs = dir.toAbsolutePath().normalize();
      Files.createDirectories(abs);
      for (String f : List.of(DATA_FILE, INDEX_FILE, LOCK_FILE)) {
        if (!Files.exists(abs.resolve(f))) {
          try {
            Files.createFile(abs.resolve(f));
          } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process created it first
          }
        }
      }
      return new EmbeddedEventLog(abs, fsync);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event log in " + dir, e);
    }
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void append(List<? extends Event> events) {
    List<String> lines = new ArrayList<>(events.size());
    for (Event e : events) {
      lines.add(EventJson.write(e));
    }
    appendLines(lines);
  }

  /**
   * Appends raw lines as one atomic batch (all visible or none). Lines need not be valid events: the simulator
   * injects faulty ones, and the pipeline dead-letters them. A line must not contain a newline.
   */
  public AppendResult appendLines(List<String> lines) {
    if (lines.isEmpty()) {
      long end = committedEnd();
      return new AppendResult(end, end, 0, 0);
    }
    byte[] bytes = encode(lines);
    inProcess.lock();
    try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
         FileLock ignored = lockChannel.lock();
         FileChannel data = FileChannel.open(dir.resolve(DATA_FILE), StandardOpenOption.WRITE);
         FileChannel index = FileChannel.open(dir.resolve(INDEX_FILE), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long entries = index.size() / ENTRY_BYTES;
      if (index.size() % ENTRY_BYTES != 0) {
        index.truncate(entries * ENTRY_BYTES); // a torn index entry: that append never committed
      }
      long start = 0;
      long lastMs = Long.MIN_VALUE;
      if (entries > 0) {
        ByteBuffer last = readEntry(index, entries - 1);
        lastMs = last.getLong(0);
        start = last.getLong(8);
      }
      if (data.size() > start) {
        LOG.warn("event log {}: cutting {} uncommitted bytes left by an interrupted append", dir, data.size() - start);
        data.truncate(start);
      }
      writeFully(data, ByteBuffer.wrap(bytes), start);
      if (fsync) {
        data.force(false);
      }
      long appendMs = Math.max(System.currentTimeMillis(), lastMs);
      long end = start + bytes.length;
      ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES).putLong(appendMs).putLong(end).flip();
      writeFully(index, entry, entries * ENTRY_BYTES);
      if (fsync) {
        index.force(false);
      }
      return new AppendResult(start, end, appendMs, lines.size());
    } catch (IOException e) {
      throw new EventSinkException("cannot append to the event log in " + dir + ": " + e.getMessage(), e);
    } finally {
      inProcess.unlock();
    }
  }

  private static byte[] encode(List<String> lines) {
    StringBuilder sb = new StringBuilder(lines.size() * 200);
    for (String line : lines) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a stream record cannot contain a line break");
      }
      sb.append(line).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The position just after the last committed record: where {@code LATEST} starts. */
  public long committedEnd() {
    try (FileChannel index = FileChannel.open(dir.resolve(INDEX_FILE), StandardOpenOption.READ)) {
      long entries = index.size() / ENTRY_BYTES;
      return entries == 0 ? 0 : readEntry(index, entries - 1).getLong(8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The position of the first record appended at or after {@code time} ({@link #committedEnd} if none): the
   * embedded equivalent of Kinesis' AT_TIMESTAMP iterator.
   */
  public long offsetAt(Instant time) {
    long ms = time.toEpochMilli();
    try (FileChannel index = FileChannel.open(dir.resolve(INDEX_FILE), StandardOpenOption.READ)) {
      long entries = index.size() / ENTRY_BYTES;
      long lo = 0;
      long hi = entries; // first entry with appendMs >= ms
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        if (readEntry(index, mid).getLong(0) < ms) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == entries) {
        return entries == 0 ? 0 : readEntry(index, entries - 1).getLong(8);
      }
      return lo == 0 ? 0 : readEntry(index, lo - 1).getLong(8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resolves a start position to a byte offset in this log. */
  public long resolve(StreamPosition position) {
    // (no pattern switch: Java 17)
    if (position instanceof StreamPosition.Latest) {
      return committedEnd();
    }
    if (position instanceof StreamPosition.TrimHorizon) {
      return 0;
    }
    if (position instanceof StreamPosition.AtTimestamp a) {
      return offsetAt(a.time());
    }
    StreamPosition.Offset o = (StreamPosition.Offset) position;
    long end = committedEnd();
    if (o.bytes() > end) {
      throw new IllegalArgumentException("start position " + o + " is beyond the end of the event log in " + dir
          + " (" + end + " bytes committed)");
    }
    return o.bytes();
  }

  /** A reader from {@code offset} (a record boundary, e.g. from {@link #resolve} or a checkpoint). */
  public EmbeddedLogReader reader(long offset) {
    return new EmbeddedLogReader(dir, offset);
  }

  static ByteBuffer readEntry(FileChannel index, long entry) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(ENTRY_BYTES);
    long pos = entry * ENTRY_BYTES;
    while (b.hasRemaining()) {
      if (index.read(b, pos + b.position()) < 0) {
        throw new IOException("index ends inside entry " + entry);
      }
    }
    return b.flip();
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      pos += channel.write(buffer, pos);
    }
  }

  @Override
  public String toString() {
    return "embedded event log " + dir;
  }
}
