package io.stillwater.push.bench;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.push.PushMessage;
import io.stillwater.push.SqsClients;
import io.stillwater.serving.ServingFixture;
import io.stillwater.stream.EmbeddedEventLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Push latency, event time to message on the queue (benchmarks/push.sh runs it around the real {@code stillwater
 * stream} on Flink and {@code stillwater push-worker} publishing to ElasticMQ).
 *
 * <ul>
 *   <li>{@code prepare WS}: a workspace with a trained model and a live generation in the blue slot.</li>
 *   <li>{@code run WS ENDPOINT QUEUE_URL RATE SECONDS WARMUP USERS}: appends events stamped "now" at RATE/s to the
 *       workspace's embedded stream (2% searches and 2% short sleep sessions, which fire the search and
 *       sleep_bounce rules, plus biometrics and other sessions), while a consumer long-polls the queue; reports, for
 *       messages whose event falls in the measured period, receive time minus event time (the message visible on
 *       the queue, as a consumer sees it) and published_at minus event time, p50/p99.</li>
 * </ul>
 */
public final class PushBenchmark {

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> {
        Path ws = Path.of(args[1]).toAbsolutePath();
        String model = ServingFixture.trainModel(ws);
        System.out.println("live generation " + ServingFixture.loadLiveGeneration(ws, model).number() + " with model " + model);
        System.exit(0);
      }
      case "run" -> run(Path.of(args[1]).toAbsolutePath(), URI.create(args[2]), args[3], Integer.parseInt(args[4]),
          Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]));
      default -> throw new IllegalArgumentException("prepare WS | run WS ENDPOINT QUEUE_URL RATE SECONDS WARMUP USERS");
    }
  }

  private static void run(Path ws, URI endpoint, String queueUrl, int rate, int seconds, int warmup, int users)
      throws Exception {
    Catalog catalog = CatalogLoader.loadDefault();
    List<ContentItem> items = catalog.items();
    List<ContentItem> sleep = catalog.inCategory(Category.SLEEP);
    EmbeddedEventLog log = EmbeddedEventLog.open(ws.resolve("stream"), false);
    SqsClient sqs = SqsClients.create(Optional.of(endpoint), "us-east-1");

    // The consumer: long polls, records (receive ms, message), deletes.
    ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>(); // {eventMs, publishedMs, receivedMs, detectedMs}
    AtomicLong received = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread consumer = new Thread(() -> {
      while (!stop.get()) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        long now = System.currentTimeMillis();
        if (got.isEmpty()) {
          continue;
        }
        List<DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
        for (Message m : got) {
          PushMessage p = PushMessage.fromJson(m.body());
          seen.add(new long[] {Instant.parse(p.eventTime()).toEpochMilli(), Instant.parse(p.publishedAt()).toEpochMilli(), now,
              Instant.parse(p.detectedAt()).toEpochMilli()});
          delete.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(delete.size())).receiptHandle(m.receiptHandle()).build());
        }
        received.addAndGet(got.size());
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(delete));
      }
    }, "queue-consumer");
    consumer.setDaemon(true);
    consumer.start();

    // Wait until the whole chain works: probe searches until one comes out as a message (start-up is not latency).
    long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    int probes = 0;
    while (received.get() == 0) {
      if (System.nanoTime() > probeDeadline) {
        throw new IllegalStateException("no message on the queue within 300 s of the first probe event");
      }
      log.appendLines(List.of(search("probe-" + probes++, "u_probe", Instant.now())));
      TimeUnit.SECONDS.sleep(2);
    }
    System.out.printf("chain ready after %d probe events%n", probes);
    TimeUnit.SECONDS.sleep(3); // lets the other probes' messages land, so none is counted as a measured one
    seen.clear();

    long batchEveryMs = 10;
    int perBatch = Math.max(1, rate / 100);
    long seq = 0;
    long start = System.nanoTime();
    long measureFromMs = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(warmup);
    long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
    long measureToMs = measureFromMs + TimeUnit.SECONDS.toMillis(seconds);
    long next = start;
    long triggering = 0;
    while (System.nanoTime() < end) {
      List<String> batch = new ArrayList<>(perBatch);
      Instant now = Instant.now();
      for (int i = 0; i < perBatch; i++, seq++) {
        String user = "u_" + Math.floorMod(seq * 7919, (long) users);
        int kind = (int) Math.floorMod(seq, 50L);
        if (kind == 0) {
          batch.add(search("pb" + seq, user, now));
          triggering++;
        } else if (kind == 25) {
          ContentItem s = sleep.get((int) Math.floorMod(seq, (long) sleep.size()));
          batch.add(String.format("{\"event_id\":\"pb%d\",\"user_id\":\"%s\",\"type\":\"content_end\",\"ts\":\"%s\","
              + "\"content_id\":\"%s\",\"session_id\":\"ps%d\",\"position_s\":40,\"completed\":false}", seq, user, now, s.contentId(), seq));
          triggering++;
        } else {
          batch.add(other(seq, user, items, now));
        }
      }
      log.appendLines(batch);
      next += TimeUnit.MILLISECONDS.toNanos(batchEveryMs);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // pacing the writer
      }
    }
    double actualRate = seq / ((System.nanoTime() - start) / 1e9);
    // drain: until no message for 10 s, at most 60 s
    long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long last = received.get();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < drainEnd && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(10)) {
      TimeUnit.MILLISECONDS.sleep(200);
      if (received.get() != last) {
        last = received.get();
        quietSince = System.nanoTime();
      }
    }
    stop.set(true);
    consumer.join(5_000);

    List<long[]> measured = seen.stream().filter(r -> r[0] >= measureFromMs && r[0] < measureToMs).toList();
    long[] toQueue = measured.stream().mapToLong(r -> r[2] - r[0]).sorted().toArray();
    long[] toPublish = measured.stream().mapToLong(r -> r[1] - r[0]).sorted().toArray();
    long[] toDetect = measured.stream().mapToLong(r -> r[3] - r[0]).sorted().toArray();
    long[] detectToQueue = measured.stream().mapToLong(r -> r[2] - r[3]).sorted().toArray();
    System.out.printf("appended %d events in %d s (%.0f/s; %d s measured after %d s warm-up), %d users; "
        + "%d of them search or short-sleep events (other rules fire too)%n",
        seq, warmup + seconds, actualRate, seconds, warmup, users, triggering);
    System.out.printf("messages received: %d in total, %d with event time in the measured period (%.1f/s)%n",
        seen.size(), measured.size(), measured.size() / (double) seconds);
    System.out.printf("event time -> message received from the queue: p50 %d ms, p99 %d ms, max %d ms%n",
        pct(toQueue, 50), pct(toQueue, 99), toQueue.length == 0 ? -1 : toQueue[toQueue.length - 1]);
    System.out.printf("  of which event time -> detected_at (the pipeline's rule fired): p50 %d ms, p99 %d ms%n",
        pct(toDetect, 50), pct(toDetect, 99));
    System.out.printf("  of which event time -> published_at (the worker scored and sent it): p50 %d ms, p99 %d ms%n",
        pct(toPublish, 50), pct(toPublish, 99));
    System.out.printf("detected_at -> message received (trigger log, worker, queue): p50 %d ms, p99 %d ms%n",
        pct(detectToQueue, 50), pct(detectToQueue, 99));
    sqs.close();
    System.exit(0);
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static String search(String id, String user, Instant ts) {
    return String.format("{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"search\",\"ts\":\"%s\",\"query\":\"%s\"}",
        id, user, ts, "help me sleep tonight");
  }

  /** Biometrics and sessions as benchmarks/stream.sh's generator. */
  private static String other(long seq, String user, List<ContentItem> items, Instant ts) {
    ContentItem item = items.get((int) Math.floorMod(seq, (long) items.size()));
    return switch ((int) Math.floorMod(seq, 4L)) {
      case 0, 1 -> String.format("{\"event_id\":\"pb%d\",\"user_id\":\"%s\",\"type\":\"biometric\",\"ts\":\"%s\","
          + "\"steps\":%d,\"heart_rate_bpm\":%d.0,\"source\":\"watch\"}", seq, user, ts, 5 + Math.floorMod(seq, 40L), 60 + Math.floorMod(seq, 30L));
      case 2 -> String.format("{\"event_id\":\"pb%d\",\"user_id\":\"%s\",\"type\":\"content_start\",\"ts\":\"%s\","
          + "\"content_id\":\"%s\",\"session_id\":\"s%d\"}", seq, user, ts, item.contentId(), seq);
      default -> String.format("{\"event_id\":\"pb%d\",\"user_id\":\"%s\",\"type\":\"content_end\",\"ts\":\"%s\","
          + "\"content_id\":\"%s\",\"session_id\":\"s%d\",\"position_s\":%d,\"completed\":true}",
          seq, user, ts, item.contentId(), seq, 300 + Math.floorMod(seq, 300L));
    };
  }

  private PushBenchmark() {}

}
