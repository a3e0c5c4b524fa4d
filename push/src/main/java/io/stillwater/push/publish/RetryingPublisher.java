package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Publishes with retries: up to {@code attempts} tries, sleeping {@code initialBackoff}, then twice that, ... (capped
 * at {@code maxBackoff}) between them. What still fails is returned as a failure (the worker dead-letters it), never
 * dropped.
 */
public final class RetryingPublisher {

  /** How a publish ended: {@code error} is null on success. */
  public record Result(int attempts, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /** Sleeps between attempts (a test passes one that does not). */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final PushSink sink;
  private final int attempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private long retries;

  public RetryingPublisher(PushSink sink, int attempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
    if (attempts < 1) {
      throw new IllegalArgumentException("publish attempts must be at least 1, not " + attempts);
    }
    this.sink = sink;
    this.attempts = attempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
  }

  public RetryingPublisher(PushSink sink, int attempts, Duration initialBackoff) {
    this(sink, attempts, initialBackoff, Duration.ofSeconds(10), d -> Thread.sleep(d.toMillis()));
  }

  public Result publish(PushMessage message) throws InterruptedException {
    Duration backoff = initialBackoff;
    String error = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        sink.publish(message);
        return new Result(attempt, null);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (attempt < attempts) {
        retries++;
        sleeper.sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }
    return new Result(attempts, error);
  }

  /**
   * Publishes {@code messages} together (one SQS batch per 10), retrying only the ones that failed; one result per
   * message, in order.
   */
  public List<Result> publishAll(List<PushMessage> messages) throws InterruptedException {
    Result[] results = new Result[messages.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      pending.add(i);
    }
    Duration backoff = initialBackoff;
    for (int attempt = 1; attempt <= attempts && !pending.isEmpty(); attempt++) {
      List<PushMessage> batch = pending.stream().map(messages::get).toList();
      Map<Integer, String> failed = sink.publishAll(batch);
      List<Integer> still = new ArrayList<>();
      for (int j = 0; j < pending.size(); j++) {
        String error = failed.get(j);
        if (error == null) {
          results[pending.get(j)] = new Result(attempt, null);
        } else if (attempt == attempts) {
          results[pending.get(j)] = new Result(attempt, error);
        } else {
          still.add(pending.get(j));
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        retries += pending.size();
        sleeper.sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }
    return Arrays.asList(results);
  }

  /** Attempts after the first, over all publishes so far. */
  public long retries() {
    return retries;
  }

  public PushSink sink() {
    return sink;
  }
}
