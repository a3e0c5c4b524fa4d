package io.stillwater.serving.predictions;

import io.stillwater.serving.background.BackgroundThreads;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3Settings;
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
 * {@code <lake>/predictions/date=YYYY-MM-DD/}, and one row per response with the user's feature values it used
 * under {@code <lake>/prediction_features/date=YYYY-MM-DD/}, for analysts (schemas in docs/analytics.md; they
 * join on {@code request_id}).
 *
 * <p>Off the request path: {@link #offer} only puts the response on a bounded queue (never blocks; when the
 * queue is full the response is counted as dropped rather than slowing requests). One writer thread appends
 * responses into an in-memory DuckDB table and, every {@code flushEvery} or {@code flushRows} item rows, writes
 * both tables as Parquet into a staging folder and moves each finished file into its partition, so readers never see a
 * half-written file. Then its {@link LakeUpload} hands the finished files on (to S3 when the lake is there; tried
 * again every interval until it succeeds). {@link #close} drains the queue and writes what is left.
 */
public final class PredictionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);

  /** One served response. */
  public record Entry(Instant servedAt, RecommendationService.Request request, RecommendationService.Response response) {}

  /**
   * One row per response, its items as parallel lists: appending ~17 values per response instead of 17 per item
   * (30 items: 510 appender calls) was most of the log's CPU. The flush unnests them into one row per item.
   */
  private static final String TABLE = """
      CREATE TABLE pending (
        request_id VARCHAR, served_at TIMESTAMPTZ, user_id VARCHAR, surface VARCHAR, tz_offset_minutes INTEGER,
        flags VARCHAR[], ranks INTEGER[], content_ids VARCHAR[], scores DOUBLE[], probabilities DOUBLE[],
        generation INTEGER, slot VARCHAR, model_id VARCHAR, fallback BOOLEAN, fallback_reason VARCHAR,
        features VARCHAR, date VARCHAR)""";

  /** {@code predictions}: one row per returned item; the lists of a response are zipped by position. */
  private static final String ITEM_ROWS = """
      SELECT request_id, served_at, user_id, surface, tz_offset_minutes, unnest(flags) AS flag, unnest(ranks) AS rank,
        unnest(content_ids) AS content_id, unnest(scores) AS score, unnest(probabilities) AS probability, generation,
        slot, model_id, fallback, fallback_reason, date
      FROM pending""";

  /**
   * {@code prediction_features}: one row per response with the user's feature values it used. Apart from the
   * items: repeated on each of a response's ~30 item rows, this JSON was 80 % of the log's bytes and 85 % of its
   * Parquet-writing time (BENCHMARKS.md).
   */
  private static final String FEATURE_ROWS = """
      SELECT request_id, served_at, user_id, generation, model_id, features, date FROM pending""";

  /** The folder of {@code prediction_features}, next to {@code predictions} in the lake. */
  public static final String FEATURES_FOLDER = "prediction_features";

  private final Path dir;
  private final Path featuresDir;
  private final Duration flushEvery;
  private final int flushRows;
  private final BlockingQueue<Entry> queue;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final LakeUpload upload;
  private final Thread writer;
  private volatile boolean closing;

  /**
   * @param predictionsDir {@code <lake>/predictions}
   * @param capacity responses the queue holds before new ones are dropped (and counted)
   */
  public PredictionLog(Path predictionsDir, int capacity, Duration flushEvery, int flushRows) {
    this(predictionsDir, capacity, flushEvery, flushRows, LakeUpload.none());
  }

  /**
   * @param predictionsDir where the Parquet files are written locally, {@code date=…/part-*.parquet}
   * @param upload what becomes of each finished file (closed with the log)
   */
  public PredictionLog(Path predictionsDir, int capacity, Duration flushEvery, int flushRows, LakeUpload upload) {
    this.dir = predictionsDir;
    this.featuresDir = predictionsDir.resolveSibling(FEATURES_FOLDER);
    this.upload = upload;
    this.flushEvery = flushEvery;
    this.flushRows = flushRows;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new BackgroundThreads("prediction-log-writer").newThread(this::run);
    writer.start();
  }

  /** Defaults for serving: 10,000 queued responses, a file per date every 10 s or 100,000 rows. */
  public static PredictionLog inLake(Path lake) {
    return new PredictionLog(lake.resolve("predictions"), 10_000, Duration.ofSeconds(10), 100_000);
  }

  /**
   * The log for a lake location (STILLWATER_LAKE): a local directory is written in place; for
   * {@code s3://bucket/prefix} the files are written under {@code <staging>/predictions} and
   * {@code <staging>/prediction_features} first and then uploaded to the same folders under
   * {@code s3://bucket/prefix/}.
   */
  public static PredictionLog forLake(String lake, Path staging, S3Settings s3) {
    if (!S3Location.isS3(lake)) {
      return inLake(Path.of(lake));
    }
    S3Location root = S3Location.parse("--lake (STILLWATER_LAKE)", lake);
    return new PredictionLog(staging.resolve("predictions"), 10_000, Duration.ofSeconds(10), 100_000,
        new S3LakeUpload(s3.client(), root));
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

  /** Where finished files go after they are written (their counts for metrics). */
  public LakeUpload upload() {
    return upload;
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
      long pendingResponses = 0;
      long pendingRows = 0;
      long deadline = System.nanoTime() + flushEvery.toNanos();
      while (!closing || !queue.isEmpty()) {
        Entry e = queue.poll(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
        if (e != null) {
          pendingRows += append(appender, e);
          pendingResponses++;
        }
        boolean flushed = false;
        if (pendingResponses > 0
            && (pendingRows >= flushRows || System.nanoTime() >= deadline || (closing && queue.isEmpty()))) {
          appender.flush();
          writeParquet(c);
          written.addAndGet(pendingRows);
          pendingResponses = 0;
          pendingRows = 0;
          flushed = true;
        }
        if (System.nanoTime() >= deadline) {
          deadline = System.nanoTime() + flushEvery.toNanos();
          flushed = true; // also retries files an earlier round could not hand on
        }
        if (flushed) {
          upload.uploadFinished(dir);
          upload.uploadFinished(featuresDir);
        }
      }
      appender.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.error("prediction log stopped: {}", e.toString());
    }
  }

  /** Appends one response; returns its item rows. */
  private static int append(DuckDBAppender a, Entry e) throws SQLException {
    RecommendationService.Request req = e.request();
    RecommendationService.Response res = e.response();
    long micros = Math.multiplyExact(e.servedAt().getEpochSecond(), 1_000_000L) + e.servedAt().getNano() / 1_000;
    int rows = 0;
    for (List<RecommendationService.Item> list : res.lists().values()) {
      rows += list.size();
    }
    List<String> flags = new ArrayList<>(rows);
    List<String> contentIds = new ArrayList<>(rows);
    int[] ranks = new int[rows];
    double[] scores = new double[rows];
    double[] probabilities = new double[rows];
    boolean[] noProbability = new boolean[rows];
    int row = 0;
    for (Map.Entry<Flag, List<RecommendationService.Item>> list : res.lists().entrySet()) {
      int rank = 0;
      for (RecommendationService.Item item : list.getValue()) {
        flags.add(list.getKey().wireName());
        contentIds.add(item.contentId());
        ranks[row] = ++rank;
        scores[row] = item.score();
        noProbability[row] = item.probability() == null;
        probabilities[row] = noProbability[row] ? 0 : item.probability();
        row++;
      }
    }
    a.beginRow()
        .append(res.requestId())
        .appendEpochMicros(micros)
        .append(req.userId())
        .append(req.surface())
        .append(req.tzOffsetMinutes())
        .append(flags)
        .append(ranks)
        .append(contentIds)
        .append(scores)
        .append(probabilities, noProbability)
        .append(res.generation())
        .append(res.slot())
        .append(res.modelId())
        .append(res.fallback())
        .append(res.fallbackReason())
        .append(FeaturesJson.of(res.userFeatures()))
        .append(e.servedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString())
        .endRow();
    return rows;
  }

  /** Pending responses → the item rows and the feature rows, each as Parquet in its date partitions. */
  private void writeParquet(Connection c) throws SQLException, IOException {
    writeParquet(c, ITEM_ROWS, dir);
    writeParquet(c, FEATURE_ROWS, featuresDir);
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM pending");
    }
  }

  /** Rows of {@code select} → Parquet in a staging folder → each file moved into its date partition. */
  private static void writeParquet(Connection c, String select, Path table) throws SQLException, IOException {
    Path staging = table.resolve(".staging-" + UUID.randomUUID());
    Files.createDirectories(staging);
    try (Statement s = c.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + staging.toString().replace("'", "''")
          + "' (FORMAT parquet, PARTITION_BY (date), FILENAME_PATTERN 'part-{uuid}')");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    for (Path f : files) {
      Path partition = table.resolve(staging.relativize(f.getParent()).toString());
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

  /** Stops taking entries, writes (and hands on) everything queued, and waits for the writer (at most {@code wait}). */
  public void close(Duration wait) {
    closing = true;
    try {
      writer.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!writer.isAlive()) {
      upload.close();
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
}
