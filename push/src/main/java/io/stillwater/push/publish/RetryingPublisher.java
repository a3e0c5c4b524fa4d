package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.time.Duration;

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

  /** Attempts after the first, over all publishes so far. */
  public long retries() {
    return retries;
  }

  public PushSink sink() {
    return sink;
  }
}
