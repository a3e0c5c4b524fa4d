package io.stillwater.push.source;

import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.EmbeddedLogReader;
import io.stillwater.stream.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Triggers from the embedded trigger log ({@code <workspace>/stream/triggers/}, an {@link EmbeddedEventLog} the
 * streaming pipeline appends {@code Trigger.toJson()} lines to). The committed position (the byte offset after the
 * last handled batch) is kept in {@code <workspace>/push/triggers.offset}, so a restarted worker resumes there;
 * without that file it starts at the beginning of the log (the worker's age limit skips stale triggers).
 */
public final class EmbeddedTriggerSource implements TriggerSource {

  public static final String OFFSET_FILE = "triggers.offset";

  private final EmbeddedLogReader reader;
  private final Path offsetFile;
  private final int batch;
  private long pending;
  private long committed;

  private EmbeddedTriggerSource(EmbeddedLogReader reader, Path offsetFile, long committed, int batch) {
    this.reader = reader;
    this.offsetFile = offsetFile;
    this.committed = committed;
    this.pending = committed;
    this.batch = batch;
  }

  /** The trigger log of {@code workspace}, resumed from {@code <workspace>/push/triggers.offset}. */
  public static EmbeddedTriggerSource inWorkspace(Path workspace) {
    return open(workspace.resolve("stream").resolve("triggers"), workspace.resolve("push").resolve(OFFSET_FILE), 256);
  }

  public static EmbeddedTriggerSource open(Path logDir, Path offsetFile, int batch) {
    EmbeddedEventLog log = EmbeddedEventLog.open(logDir);
    long offset = 0;
    try {
      if (Files.exists(offsetFile)) {
        offset = Long.parseLong(Files.readString(offsetFile).strip());
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the trigger log position in " + offsetFile + ": " + e.getMessage(), e);
    }
    return new EmbeddedTriggerSource(log.reader(offset), offsetFile, offset, batch);
  }

  @Override
  public List<Received> poll(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<LogRecord> records = reader.poll(batch);
      if (!records.isEmpty()) {
        return records.stream().map(r -> new Received(r.line(), r.nextOffset())).toList();
      }
      if (System.nanoTime() >= deadline) {
        return List.of();
      }
      try {
        Thread.sleep(5); // the log has no notification: a short poll interval keeps push latency low
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  @Override
  public void done(Received r) {
    pending = Math.max(pending, (Long) r.handle());
  }

  @Override
  public void failed(Received r) {
    done(r); // the worker's dead-letter log holds it
  }

  @Override
  public void commit() {
    if (pending == committed) {
      return;
    }
    try {
      Files.createDirectories(offsetFile.getParent());
      Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(pending), StandardCharsets.UTF_8);
      Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      committed = pending;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the trigger log position in " + offsetFile, e);
    }
  }

  /** The committed position (byte offset in the trigger log). */
  public long committed() {
    return committed;
  }

  @Override
  public void close() {
    reader.close();
  }
}
