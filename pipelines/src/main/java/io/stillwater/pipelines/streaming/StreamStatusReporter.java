package io.stillwater.pipelines.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stillwater.featurestore.progress.CatchUp;
import io.stillwater.stream.EmbeddedEventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval, turns {@link StreamMetrics} into a {@link StreamStatus}: writes it (atomically) to the status
 * file and hands its one-line form to {@code progress}. Freshness percentiles are per interval; the run's
 * overall percentiles are kept too.
 */
public final class StreamStatusReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamStatusReporter.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String slot;
  private final String source;
  private final Path file;
  private final Consumer<String> progress;
  private final ScheduledExecutorService scheduler;
  /** The embedded log's committed end (its backlog is end - position), or null for Kinesis. */
  private final LongSupplier streamEnd;
  private long lastFolded;
  private long lastNanos = System.nanoTime();
  private volatile StreamStatus latest;

  private StreamStatusReporter(String slot, String source, Path file, Consumer<String> progress, Duration every,
      LongSupplier streamEnd) {
    this.streamEnd = streamEnd;
    this.slot = slot;
    this.source = source;
    this.file = file;
    this.progress = progress;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stream-status");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleAtFixedRate(this::reportQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Status of {@code slot} in {@code <workspace>/stream/status-<slot>.json}, every {@code every}. */
  public static StreamStatusReporter start(Path workspace, String slot, String source, Duration every, Consumer<String> progress) {
    LongSupplier end = null;
    if (source.equals("embedded")) {
      EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(workspace);
      end = log::committedEnd;
    }
    return new StreamStatusReporter(slot, source, statusFile(workspace, slot), progress, every, end);
  }

  public static Path statusFile(Path workspace, String slot) {
    return workspace.resolve("stream").resolve("status-" + slot + ".json");
  }

  public StreamStatus latest() {
    return latest;
  }

  private void reportQuietly() {
    try {
      report();
    } catch (RuntimeException | IOException e) {
      LOG.warn("could not write the stream status to {}: {}", file, e.toString());
    }
  }

  /** One report now (also the final one on close). */
  public synchronized StreamStatus report() throws IOException {
    long now = System.currentTimeMillis();
    long nanos = System.nanoTime();
    long folded = StreamMetrics.EVENTS_FOLDED.sum();
    double seconds = Math.max(1e-3, (nanos - lastNanos) / 1e9);
    double rate = (folded - lastFolded) / seconds;
    lastFolded = folded;
    lastNanos = nanos;
    LatencyHistogram.Summary fresh = StreamMetrics.FRESHNESS.drain();
    LatencyHistogram.Summary lag = StreamMetrics.LAG.drain();
    LatencyHistogram.Summary run = StreamMetrics.FRESHNESS_TOTAL.summary();
    long read = StreamMetrics.RECORDS_READ.sum();
    long lastArrival = StreamMetrics.LAST_ARRIVAL_MS.get();
    long position = StreamMetrics.POSITION.get();
    // Lag: how far behind the stream's head the reader is, as arrival time of the newest record read. At the head
    // (embedded: nothing committed past the position; Kinesis: nothing read this interval) it is 0.
    boolean atHead = streamEnd != null ? position >= 0 && position >= streamEnd.getAsLong() : fresh.count() == 0;
    Long lagMs = atHead ? Long.valueOf(0) : lastArrival == Long.MIN_VALUE ? null : Long.valueOf(Math.max(0, now - lastArrival));
    boolean caughtUp = lagMs != null && lagMs <= CatchUp.CAUGHT_UP_MS;
    StreamStatus status = new StreamStatus(slot, source, Instant.ofEpochMilli(now).toString(),
        position < 0 ? null : "offset:" + position, read, folded, StreamMetrics.ROWS_UPSERTED.sum(), rate, lagMs, caughtUp,
        fresh.p50(), fresh.p99(), lag.p50(), lag.p99(), run.p50(), run.p99());
    latest = status;
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), status);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.accept(status.line());
    return status;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    reportQuietly();
  }
}
