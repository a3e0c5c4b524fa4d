package io.stillwater.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.push.Trigger;
import io.stillwater.push.policy.QuietHours;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.policy.UserTimeZones;
import io.stillwater.push.publish.JsonLines;
import io.stillwater.push.publish.PublishedLedger;
import io.stillwater.push.publish.RetryingPublisher;
import io.stillwater.push.source.TriggerSource;
import io.stillwater.serving.recommend.RecommendationService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push loop: reads triggers, and for each one, in order,
 *
 * <ol>
 *   <li>a key already in the {@link PublishedLedger ledger} is a duplicate (a replay): counted, not sent again;</li>
 *   <li>a trigger older than the age limit (event time to now), inside the user's {@link QuietHours quiet hours}, or
 *       over the user's {@link RateLimit rate limit} is suppressed: counted and written to
 *       {@code <workspace>/push/suppressed.jsonl} with the reason;</li>
 *   <li>otherwise it is scored with the API's scoring over the live generation ({@link Scorer}); an empty list is
 *       suppressed ({@code no_items});</li>
 *   <li>the message is published with retries and backoff (up to 10 in one call); on success the key goes into the ledger and counts toward
 *       the rate limit; on final failure (or a trigger that cannot be read or scored) it is written to
 *       {@code <workspace>/push/dead-letter.jsonl} with the reason and the source is told it failed (SQS then
 *       redelivers and finally dead-letters it).</li>
 * </ol>
 *
 * Nothing is dropped silently: {@code read = published + duplicates + suppressed + dead_lettered}
 * ({@link PushStats}). Single-threaded.
 */
public final class PushWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PushWorker.class);

  public static final String SUPPRESSED_FILE = "suppressed.jsonl";
  public static final String DEAD_LETTER_FILE = "dead-letter.jsonl";

  /** What happened to one trigger. */
  public enum Outcome { PUBLISHED, DUPLICATE, SUPPRESSED, DEAD_LETTERED }

  /** Tuning: items per message, the oldest trigger still worth a push, how often the status file is written. */
  public record Settings(int limit, Duration maxTriggerAge, Duration statusEvery) {
    public static Settings defaults() {
      return new Settings(5, Duration.ofMinutes(15), Duration.ofSeconds(5));
    }
  }

  private final TriggerSource source;
  private final Scorer scorer;
  private final RateLimit rateLimit;
  private final Optional<QuietHours> quietHours;
  private final UserTimeZones zones;
  private final RetryingPublisher publisher;
  private final PublishedLedger ledger;
  private final Path pushDir;
  private final Clock clock;
  private final Settings settings;
  private final PushStats stats;
  private final JsonLines suppressedLog;
  private final JsonLines deadLetters;
  private final Map<String, String> describe = new LinkedHashMap<>();
  private Instant statusWrittenAt = Instant.MIN;

  public PushWorker(TriggerSource source, Scorer scorer, RateLimit rateLimit, Optional<QuietHours> quietHours,
      UserTimeZones zones, RetryingPublisher publisher, PublishedLedger ledger, Path pushDir, Clock clock,
      Settings settings, PushStats stats) {
    this.source = source;
    this.scorer = scorer;
    this.rateLimit = rateLimit;
    this.quietHours = quietHours;
    this.zones = zones;
    this.publisher = publisher;
    this.ledger = ledger;
    this.pushDir = pushDir;
    this.clock = clock;
    this.settings = settings;
    this.stats = stats;
    this.suppressedLog = new JsonLines(pushDir.resolve(SUPPRESSED_FILE));
    this.deadLetters = new JsonLines(pushDir.resolve(DEAD_LETTER_FILE));
    // The limit holds across restarts: what the ledger says was published inside the window still counts.
    ledger.forEach((key, e) -> rateLimit.record(e.userId(), e.publishedAtMs()));
    describe.put("sink", publisher.sink().describe());
    describe.put("rate_limit", rateLimit.maxPerWindow() + " per " + rateLimit.window());
    describe.put("quiet_hours", quietHours.map(Object::toString).orElse("off"));
  }

  public PushStats stats() {
    return stats;
  }

  /**
   * Runs until {@code stop} says so: polls (waiting up to 1 s), handles, commits; waits while nothing is live.
   */
  public void run(BooleanSupplier stop) throws InterruptedException {
    boolean waitingLogged = false;
    while (!stop.getAsBoolean()) {
      if (!scorer.ready()) {
        if (!waitingLogged) {
          LOG.warn("no live generation yet: waiting before reading triggers");
          waitingLogged = true;
        }
        Thread.sleep(500); // idle poll of the single-threaded loop until a generation is live; stop is checked each turn
        continue;
      }
      waitingLogged = false;
      runOnce(Duration.ofSeconds(1));
    }
  }

  /** At most this many messages per publish call (an SQS SendMessageBatch holds 10). */
  static final int PUBLISH_BATCH = 10;

  /** One poll: handles what arrived (waiting up to {@code wait} for it), 10 at a time, and commits; returns how many. */
  public int runOnce(Duration wait) throws InterruptedException {
    zones.refreshIfDue(clock.instant());
    List<TriggerSource.Received> batch = source.poll(wait);
    for (int from = 0; from < batch.size(); from += PUBLISH_BATCH) {
      handle(batch.subList(from, Math.min(batch.size(), from + PUBLISH_BATCH)));
    }
    source.commit();
    writeStatusIfDue(false);
    return batch.size();
  }

  /** A scored trigger waiting for its publish; its push already counts toward the user's rate limit. */
  private record Pending(TriggerSource.Received received, Trigger trigger, PushMessage message, long reservedAtMs) {}

  /** Decides and scores each trigger (the numbered steps above), then publishes the scored ones together. */
  private void handle(List<TriggerSource.Received> chunk) throws InterruptedException {
    List<Pending> pending = new ArrayList<>(chunk.size());
    Set<String> inChunk = new HashSet<>();
    for (TriggerSource.Received r : chunk) {
      stats.read();
      Trigger t;
      try {
        t = Trigger.fromJson(r.body());
      } catch (IllegalArgumentException e) {
        deadLetter(null, r.body(), e.getMessage(), 0);
        source.failed(r);
        continue;
      }
      if (ledger.contains(t.triggerId()) || !inChunk.add(t.triggerId())) {
        stats.duplicate();
        source.done(r);
        continue;
      }
      Object decided = decide(t);
      if (decided instanceof PushMessage m) {
        long reservedAt = clock.millis();
        rateLimit.record(t.userId(), reservedAt);
        pending.add(new Pending(r, t, m, reservedAt));
      } else if (decided == Outcome.DEAD_LETTERED) {
        source.failed(r);
      } else {
        source.done(r);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    List<RetryingPublisher.Result> results = publisher.publishAll(pending.stream().map(Pending::message).toList());
    long doneMs = clock.millis();
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      RetryingPublisher.Result result = results.get(i);
      if (result.ok()) {
        try {
          ledger.record(p.trigger().triggerId(), p.trigger().userId(), doneMs);
        } catch (IOException e) {
          throw new UncheckedIOException("published " + p.trigger().triggerId() + " but cannot record it in " + ledger.file(), e);
        }
        stats.published(doneMs - p.trigger().eventTimeMs());
        source.done(p.received());
      } else {
        rateLimit.unrecord(p.trigger().userId(), p.reservedAtMs());
        deadLetter(p.trigger(), p.message().toJson(), "publish failed after " + result.attempts() + " attempts: "
            + result.error(), result.attempts());
        source.failed(p.received());
      }
    }
  }

  /** Suppresses or dead-letters {@code t} (returning that {@link Outcome}), or scores it into a message. */
  private Object decide(Trigger t) throws InterruptedException {
    Instant now = clock.instant();
    long ageMs = now.toEpochMilli() - t.eventTimeMs();
    if (ageMs > settings.maxTriggerAge().toMillis()) {
      return suppress(t, "stale", "event " + Duration.ofMillis(ageMs).toSeconds() + " s old (limit "
          + settings.maxTriggerAge().toSeconds() + " s)");
    }
    if (quietHours.isPresent() && quietHours.get().isQuiet(t.userId(), now)) {
      return suppress(t, "quiet_hours", "local time " + quietHours.get().localTime(t.userId(), now).withNano(0)
          + " (UTC" + offset(zones.offsetMinutes(t.userId())) + ") in quiet hours " + quietHours.get());
    }
    if (!rateLimit.allows(t.userId(), now.toEpochMilli())) {
      return suppress(t, "rate_limit", rateLimit.maxPerWindow() + " pushes in the last " + rateLimit.window());
    }
    Scorer.Scored scored;
    while (true) {
      try {
        scored = scorer.score(t.userId(), t.flag(), settings.limit(), now);
        break;
      } catch (RecommendationService.NotReadyException e) {
        Thread.sleep(500); // nothing live right now (e.g. a rollback in progress): the same trigger, once it is
        now = clock.instant();
      } catch (RuntimeException e) {
        deadLetter(t, t.toJson(), "scoring failed: " + e.getMessage(), 0);
        return Outcome.DEAD_LETTERED;
      }
    }
    if (scored.items().isEmpty()) {
      return suppress(t, "no_items", "flag " + t.flag() + " has nothing to recommend to this user");
    }
    return new PushMessage(t.triggerId(), t.userId(), t.flag(), scored.items(), scored.generation(),
        scored.slot(), scored.modelId(), scored.fallback(), scored.fallbackReason(), t.rule(), t.reason(), t.eventId(),
        Instant.ofEpochMilli(t.eventTimeMs()).toString(), Instant.ofEpochMilli(t.detectedAtMs()).toString(),
        clock.instant().toString());
  }

  private Outcome suppress(Trigger t, String reason, String detail) {
    ObjectNode n = PushMessage.JSON.createObjectNode()
        .put("at", clock.instant().toString())
        .put("idempotency_key", t.triggerId())
        .put("user_id", t.userId())
        .put("rule", t.rule())
        .put("flag", t.flag())
        .put("reason", reason)
        .put("detail", detail)
        .put("event_time", Instant.ofEpochMilli(t.eventTimeMs()).toString());
    try {
      suppressedLog.append(n.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + suppressedLog.file(), e);
    }
    stats.suppress(reason);
    return Outcome.SUPPRESSED;
  }

  private void deadLetter(Trigger t, String body, String reason, int attempts) {
    ObjectNode n = PushMessage.JSON.createObjectNode()
        .put("at", clock.instant().toString())
        .put("idempotency_key", t == null ? null : t.triggerId())
        .put("reason", reason)
        .put("attempts", attempts);
    try {
      n.set(t == null ? "raw" : "payload", t == null ? n.textNode(body) : PushMessage.JSON.readTree(body));
      deadLetters.append(n.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + deadLetters.file(), e);
    }
    LOG.warn("dead-lettered {}: {}", t == null ? "an unreadable trigger" : t.triggerId(), reason);
    stats.deadLettered(t == null ? "unreadable" : attempts > 0 ? "publish" : "scoring");
  }

  private static String offset(int minutes) {
    return String.format("%s%02d:%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
  }

  /** Writes {@code <push dir>/status.json} now ({@code force}) or when the last write is older than the interval. */
  public void writeStatusIfDue(boolean force) {
    Instant now = clock.instant();
    if (!force && Duration.between(statusWrittenAt, now).compareTo(settings.statusEvery()) < 0) {
      return;
    }
    statusWrittenAt = now;
    try {
      stats.write(pushDir.resolve(PushStats.STATUS_FILE), stats.toJson(now, publisher.retries(), describe));
    } catch (IOException e) {
      LOG.warn("cannot write the push status: {}", e.toString());
    }
  }

  public Path pushDir() {
    return pushDir;
  }

  @Override
  public void close() {
    writeStatusIfDue(true);
    suppressedLog.close();
    deadLetters.close();
    ledger.close();
    source.close();
    publisher.sink().close();
  }
}
