package io.stillwater.serving.predictions;

import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log: every response, one row per returned item, appended to date-partitioned Parquet under
 * {@code <lake>/predictions/date=YYYY-MM-DD/} for analysts (schema in docs/analytics.md).
 *
 * <p>Off the request path: {@link #offer} only puts the response on a bounded queue (never blocks; when the
 * queue is full the response is counted as dropped rather than slowing requests). One writer thread appends
 * rows into an in-memory DuckDB table and, every {@code flushEvery} or {@code flushRows} rows, writes them as
 * Parquet into a staging folder and moves each finished file into its partition, so readers never see a
 * half-written file. {@link #close} drains the queue and writes what is left.
 */
public final class PredictionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);

  /** One served response. */
  public record Entry(Instant servedAt, RecommendationService.Request request, RecommendationService.Response response) {}

  private static final String TABLE = """
      CREATE TABLE pending (
        request_id VARCHAR, served_at TIMESTAMPTZ, user_id VARCHAR, surface VARCHAR, tz_offset_minutes INTEGER,
        flag VARCHAR, rank INTEGER, content_id VARCHAR, score DOUBLE, probability DOUBLE, generation INTEGER,
        slot VARCHAR, model_id VARCHAR, fallback BOOLEAN, fallback_reason VARCHAR, features VARCHAR, date VARCHAR)""";

  private final Path dir;
  private final Duration flushEvery;
  private final int flushRows;
  private final BlockingQueue<Entry> queue;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closing;

  /**
   * @param predictionsDir {@code <lake>/predictions}
   * @param capacity responses the queue holds before new ones are dropped (and counted)
   */
  public PredictionLog(Path predictionsDir, int capacity, Duration flushEvery, int flushRows) {
    this.dir = predictionsDir;
    this.flushEvery = flushEvery;
    this.flushRows = flushRows;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "prediction-log-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Defaults for serving: 10,000 queued responses, a file per date every 10 s or 100,000 rows. */
  public static PredictionLog inLake(Path lake) {
    return new PredictionLog(lake.resolve("predictions"), 10_000, Duration.ofSeconds(10), 100_000);
  }

  /** Queues a response for the log; false (and counted as dropped) when the queue is full or the log closed. */
  public boolean offer(Entry entry) {
    if (closing || !queue.offer(entry)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  public long rowsWritten() {
    return written.get();
  }

  public long responsesDropped() {
    return dropped.get();
  }

  public int queued() {
    return queue.size();
  }

  private void run() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = c.createStatement()) {
        s.execute("SET autoinstall_known_extensions = false");
        s.execute("SET autoload_known_extensions = false");
        s.execute("SET TimeZone = 'UTC'");
        // One core at most for the log: its Parquet writes every few seconds must not take both cores from
        // the requests (latency spikes).
        s.execute("SET threads = 1");
        s.execute(TABLE);
      }
      DuckDBAppender appender = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pending");
      long pending = 0;
      long deadline = System.nanoTime() + flushEvery.toNanos();
      while (!closing || !queue.isEmpty()) {
        Entry e = queue.poll(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
        if (e != null) {
          pending += append(appender, e);
        }
        if (pending > 0 && (pending >= flushRows || System.nanoTime() >= deadline || (closing && queue.isEmpty()))) {
          appender.flush();
          writeParquet(c);
          written.addAndGet(pending);
          pending = 0;
        }
        if (System.nanoTime() >= deadline) {
          deadline = System.nanoTime() + flushEvery.toNanos();
        }
      }
      appender.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.error("prediction log stopped: {}", e.toString());
    }
  }

  private static int append(DuckDBAppender a, Entry e) throws SQLException {
    RecommendationService.Request req = e.request();
    RecommendationService.Response res = e.response();
    long micros = Math.multiplyExact(e.servedAt().getEpochSecond(), 1_000_000L) + e.servedAt().getNano() / 1_000;
    String date = e.servedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String features = FeaturesJson.of(res.userFeatures());
    int rows = 0;
    for (Map.Entry<Flag, List<RecommendationService.Item>> list : res.lists().entrySet()) {
      int rank = 0;
      for (RecommendationService.Item item : list.getValue()) {
        a.beginRow()
            .append(res.requestId())
            .appendEpochMicros(micros)
            .append(req.userId())
            .append(req.surface())
            .append(req.tzOffsetMinutes())
            .append(list.getKey().wireName())
            .append(++rank)
            .append(item.contentId())
            .append(item.score())
            .append(item.probability())
            .append(res.generation())
            .append(res.slot())
            .append(res.modelId())
            .append(res.fallback())
            .append(res.fallbackReason())
            .append(features)
            .append(date)
            .endRow();
        rows++;
      }
    }
    return rows;
  }

  /** Pending rows → Parquet in a staging folder → each file moved into its date partition. */
  private void writeParquet(Connection c) throws SQLException, IOException {
    Path staging = dir.resolve(".staging-" + UUID.randomUUID());
    Files.createDirectories(staging);
    try (Statement s = c.createStatement()) {
      s.execute("COPY pending TO '" + staging.toString().replace("'", "''")
          + "' (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{uuid}')");
      s.execute("DELETE FROM pending");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    for (Path f : files) {
      Path partition = dir.resolve(staging.relativize(f.getParent()).toString());
      Files.createDirectories(partition);
      Files.move(f, partition.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }
    deleteTree(staging);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Stops taking entries, writes everything queued, and waits for the writer (at most {@code wait}). */
  public void close(Duration wait) {
    closing = true;
    try {
      writer.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Whether the writer is still running (false after close or a failure). */
  public boolean running() {
    return writer.isAlive();
  }

  static List<String> columns() {
    return new ArrayList<>(List.of("request_id", "served_at", "user_id", "surface", "tz_offset_minutes", "flag",
        "rank", "content_id", "score", "probability", "generation", "slot", "model_id", "fallback", "fallback_reason",
        "features", "date"));
  }
}
