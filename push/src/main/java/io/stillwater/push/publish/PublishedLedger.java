package io.stillwater.push.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The idempotency ledger: every key published in the last {@code retention} (default 7 days), in
 * {@code <workspace>/push/published.jsonl} ({@code {"key", "user_id", "published_at_ms"}} per line). A key in the
 * ledger is never published again, so replaying events (or a trigger redelivered by SQS) gives no second message.
 * Opening compacts the file to the entries inside the retention. A key is written after its send succeeded: a crash
 * between the two can repeat that one message (at-least-once; on a FIFO queue SQS's 5-minute deduplication also
 * drops it).
 */
public final class PublishedLedger implements AutoCloseable {

  public static final String FILE = "published.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A published key: who it went to and when. */
  public record Entry(String userId, long publishedAtMs) {}

  private final Path file;
  private final long retentionMs;
  private final LinkedHashMap<String, Entry> keys = new LinkedHashMap<>();
  private final JsonLines out;

  private PublishedLedger(Path file, long retentionMs, long nowMs) {
    this.file = file;
    this.retentionMs = retentionMs;
    try {
      if (Files.exists(file)) {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n;
          try {
            n = JSON.readTree(line);
          } catch (IOException torn) {
            continue; // a line cut by a crash mid-write: its message may have gone out; the FIFO dedup covers it
          }
          long at = n.path("published_at_ms").asLong();
          if (at > nowMs - retentionMs) {
            keys.put(n.path("key").asText(), new Entry(n.path("user_id").asText(), at));
            kept.add(line);
          }
        }
        Path tmp = file.resolveSibling(FILE + ".compact");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the push ledger " + file, e);
    }
    this.out = new JsonLines(file);
  }

  public static PublishedLedger open(Path file, Duration retention, long nowMs) {
    return new PublishedLedger(file, retention.toMillis(), nowMs);
  }

  public boolean contains(String key) {
    return keys.containsKey(key);
  }

  public void record(String key, String userId, long publishedAtMs) throws IOException {
    ObjectNode n = JSON.createObjectNode().put("key", key).put("user_id", userId).put("published_at_ms", publishedAtMs);
    out.append(n.toString());
    keys.put(key, new Entry(userId, publishedAtMs));
    // entries are in publish order: drop the ones past the retention from memory (the file compacts on open)
    for (Iterator<Map.Entry<String, Entry>> it = keys.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().publishedAtMs() > publishedAtMs - retentionMs) {
        break;
      }
      it.remove();
    }
  }

  /** Every key in the ledger, oldest first (the worker seeds its rate limit from it). */
  public void forEach(BiConsumer<String, Entry> action) {
    keys.forEach(action);
  }

  public int size() {
    return keys.size();
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    out.close();
  }
}
