package io.stillwater.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the worker did with every trigger it read: {@code read = published + duplicates + suppressed + dead_lettered},
 * always. Kept as Micrometer counters ({@code stillwater_push_triggers_total{outcome, reason}}) and written as JSON to
 * {@code <workspace>/push/status.json}, with the latency from event time to publish (p50/p99 of the last 10,000).
 */
public final class PushStats {

  public static final String STATUS_FILE = "status.json";

  private final MeterRegistry registry;
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final long[] latencies = new long[10_000];
  private long latencyCount;

  public PushStats(MeterRegistry registry) {
    this.registry = registry;
  }

  void read() {
    read.incrementAndGet();
  }

  void published(long eventToPublishMs) {
    published.incrementAndGet();
    count("published", "");
    synchronized (latencies) {
      latencies[(int) (latencyCount++ % latencies.length)] = eventToPublishMs;
    }
  }

  void duplicate() {
    duplicates.incrementAndGet();
    count("duplicate", "");
  }

  void suppress(String reason) {
    suppressed.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    count("suppressed", reason);
  }

  void deadLettered(String kind) {
    deadLettered.incrementAndGet();
    count("dead_lettered", kind);
  }

  private void count(String outcome, String reason) {
    counters.computeIfAbsent(outcome + "/" + reason, k -> Counter.builder("stillwater_push_triggers")
        .description("Triggers the push worker handled, by outcome")
        .tag("outcome", outcome).tag("reason", reason).register(registry)).increment();
  }

  public long triggersRead() {
    return read.get();
  }

  public long published() {
    return published.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long suppressed(String reason) {
    AtomicLong n = suppressed.get(reason);
    return n == null ? 0 : n.get();
  }

  public long suppressedTotal() {
    return suppressed.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** p-th percentile (0-100) of event time to publish over the last 10,000 publishes; -1 before the first. */
  public long latencyPercentileMs(double p) {
    long[] copy;
    synchronized (latencies) {
      int n = (int) Math.min(latencyCount, latencies.length);
      if (n == 0) {
        return -1;
      }
      copy = Arrays.copyOf(latencies, n);
    }
    Arrays.sort(copy);
    return copy[(int) Math.min(copy.length - 1, Math.ceil(p / 100.0 * copy.length) - 1)];
  }

  ObjectNode toJson(Instant now, long publishRetries, Map<String, String> describe) {
    ObjectNode n = PushMessage.JSON.createObjectNode();
    n.put("updated_at", now.toString());
    describe.forEach(n::put);
    n.put("triggers_read", read.get());
    n.put("published", published.get());
    n.put("duplicates", duplicates.get());
    ObjectNode s = n.putObject("suppressed");
    new TreeMap<>(suppressed).forEach((k, v) -> s.put(k, v.get()));
    n.put("suppressed_total", suppressedTotal());
    n.put("dead_lettered", deadLettered.get());
    n.put("publish_retries", publishRetries);
    n.put("event_to_publish_p50_ms", latencyPercentileMs(50));
    n.put("event_to_publish_p99_ms", latencyPercentileMs(99));
    return n;
  }

  void write(Path file, ObjectNode json) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json.toPrettyString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
