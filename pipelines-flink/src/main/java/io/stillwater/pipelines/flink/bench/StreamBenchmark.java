package io.stillwater.pipelines.flink.bench;

import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.pipelines.flink.FlinkStreamRunner;
import io.stillwater.pipelines.streaming.LatencyHistogram;
import io.stillwater.pipelines.streaming.StreamMetrics;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.KinesisClients;
import io.stillwater.stream.KinesisEventSink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Freshness of the streaming pipeline on Flink: appends events stamped "now" at a fixed rate to the embedded
 * stream of a fresh workspace, or puts them to a Kinesis stream (KinesisIO source) when
 * {@code STREAM_BENCH_KINESIS_ENDPOINT} names a Kinesis-compatible server (benchmarks/stream.sh starts kinesalite),
 * while the pipeline runs, and reports event time → visible in the store (the store commit), p50/p99, over the
 * measured period (after a warm-up), plus the rate actually folded.
 *
 * <p>Arguments: workspace rate(events/s) seconds [warmupSeconds] [users] [checkpointSeconds]
 */
public final class StreamBenchmark {

  public static void main(String[] args) throws Exception {
    Path workspace = Path.of(args[0]).toAbsolutePath();
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int users = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
    long checkpointSeconds = args.length > 5 ? Long.parseLong(args[5]) : 10;
    if (Files.exists(workspace.resolve("stream"))) {
      throw new IllegalArgumentException(workspace + " already has a stream: give the benchmark a fresh workspace");
    }
    List<ContentItem> items = CatalogLoader.loadDefault().items();
    String kinesisEndpoint = System.getenv().getOrDefault("STREAM_BENCH_KINESIS_ENDPOINT", "").strip();
    List<String> beamArgs = new ArrayList<>(List.of("--workspace=" + workspace, "--slot=blue", "--startAt=TRIM_HORIZON"));
    Consumer<List<String>> log;
    if (kinesisEndpoint.isEmpty()) {
      EmbeddedEventLog embedded = EmbeddedEventLog.open(workspace.resolve("stream"), false);
      log = embedded::appendLines;
    } else {
      String stream = "bench-" + System.currentTimeMillis();
      KinesisClient client = KinesisClients.create(Optional.of(URI.create(kinesisEndpoint)), "us-east-1");
      client.createStream(b -> b.streamName(stream).shardCount(1));
      while (client.describeStream(b -> b.streamName(stream)).streamDescription().streamStatus() != StreamStatus.ACTIVE) {
        TimeUnit.MILLISECONDS.sleep(50); // polling the new stream's status
      }
      KinesisEventSink sink = KinesisEventSink.create(client, stream);
      log = sink::appendLines;
      beamArgs.addAll(List.of("--source=kinesis", "--kinesisStream=" + stream, "--kinesisEndpoint=" + kinesisEndpoint,
          "--awsRegionName=us-east-1"));
    }

    // further pipeline options for experiments, e.g. STREAM_BENCH_ARGS="--archiveWindowSeconds=10"
    String extra = System.getenv().getOrDefault("STREAM_BENCH_ARGS", "").strip();
    if (!extra.isEmpty()) {
      beamArgs.addAll(List.of(extra.split("\\s+")));
    }
    StreamOptions options = FlinkStreamRunner.options(beamArgs.toArray(String[]::new));
    FlinkStreamRunner.Run run = FlinkStreamRunner.start(options,
        new FlinkStreamRunner.Settings(workspace.resolve("stream/checkpoints/blue"), Duration.ofSeconds(checkpointSeconds), false, 1));

    // wait until the job runs and has folded a probe event, so start-up is not counted as freshness
    log.accept(List.of(line(-1, users, items, Instant.now())));
    long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (StreamMetrics.EVENTS_FOLDED.sum() == 0) {
      if (System.nanoTime() > readyDeadline) {
        throw new IllegalStateException("the pipeline did not fold a probe event within 180 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    long batchEveryMs = 10;
    int perBatch = Math.max(1, rate / 100);
    long seq = 0;
    long startNanos = System.nanoTime();
    long measureFrom = startNanos + TimeUnit.SECONDS.toNanos(warmup);
    long endNanos = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    long foldedAtMeasure = -1;
    long next = startNanos;
    boolean measuring = false;
    while (System.nanoTime() < endNanos) {
      if (!measuring && System.nanoTime() >= measureFrom) {
        StreamMetrics.FRESHNESS_TOTAL.drain();
        StreamMetrics.LAG.drain();
        foldedAtMeasure = StreamMetrics.EVENTS_FOLDED.sum();
        measuring = true;
      }
      List<String> batch = new ArrayList<>(perBatch);
      Instant now = Instant.now();
      for (int i = 0; i < perBatch; i++, seq++) {
        batch.add(line(seq, users, items, now));
      }
      log.accept(batch);
      next += TimeUnit.MILLISECONDS.toNanos(batchEveryMs);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // pacing the writer, not a timing assumption
      }
    }
    long appended = seq;
    // let the tail drain, bounded
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (StreamMetrics.RECORDS_READ.sum() < appended + 1 && System.nanoTime() < drainDeadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    LatencyHistogram.Summary fresh = StreamMetrics.FRESHNESS_TOTAL.summary();
    LatencyHistogram.Summary lag = StreamMetrics.LAG.summary();
    long folded = StreamMetrics.EVENTS_FOLDED.sum() - foldedAtMeasure;
    System.out.printf("appended %d events at %d/s target (%d s measured after %d s warm-up), read %d%n",
        appended, rate, seconds, warmup, StreamMetrics.RECORDS_READ.sum());
    System.out.printf("freshness (event time -> store commit): p50 %d ms, p99 %d ms, max %d ms over %d events%n",
        fresh.p50(), fresh.p99(), fresh.max(), fresh.count());
    System.out.printf("append -> store commit: p50 %d ms, p99 %d ms%n", lag.p50(), lag.p99());
    System.out.printf("events folded during measurement (user + content folds): %.0f/s%n", folded / (double) (seconds + 0.0));
    run.result().cancel();
    System.exit(0);
  }

  private static String line(long seq, int users, List<ContentItem> items, Instant ts) {
    String user = "u_" + Math.floorMod(seq, users);
    ContentItem item = items.get((int) Math.floorMod(seq, (long) items.size()));
    return switch ((int) Math.floorMod(seq, 4L)) {
      case 0, 1 -> String.format("{\"event_id\":\"b%d\",\"user_id\":\"%s\",\"type\":\"biometric\",\"ts\":\"%s\","
          + "\"steps\":%d,\"heart_rate_bpm\":%d.0,\"source\":\"watch\"}", seq, user, ts, 5 + Math.floorMod(seq, 40L), 60 + Math.floorMod(seq, 30L));
      case 2 -> String.format("{\"event_id\":\"b%d\",\"user_id\":\"%s\",\"type\":\"content_start\",\"ts\":\"%s\","
          + "\"content_id\":\"%s\",\"session_id\":\"s%d\"}", seq, user, ts, item.contentId(), seq);
      default -> String.format("{\"event_id\":\"b%d\",\"user_id\":\"%s\",\"type\":\"content_end\",\"ts\":\"%s\","
          + "\"content_id\":\"%s\",\"session_id\":\"s%d\",\"position_s\":%d,\"completed\":false}",
          seq, user, ts, items.get((int) Math.floorMod(seq - 1, (long) items.size())).contentId(), seq - 1, 30 + Math.floorMod(seq, 300L));
    };
  }
}
