package io.stillwater.push.policy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * At most {@code maxPerWindow} pushes per user in any rolling {@code window} (e.g. 3 per hour), counting only
 * pushes actually published. The worker seeds it from its ledger of published keys, so a restart keeps the limit.
 * Not thread-safe (the worker's loop is single-threaded).
 */
public final class RateLimit {

  private final int maxPerWindow;
  private final long windowMs;
  private final Map<String, ArrayDeque<Long>> sent = new HashMap<>();
  private long lastSweepMs;

  public RateLimit(int maxPerWindow, Duration window) {
    if (maxPerWindow < 1) {
      throw new IllegalArgumentException("max pushes per user must be at least 1, not " + maxPerWindow);
    }
    this.maxPerWindow = maxPerWindow;
    this.windowMs = window.toMillis();
  }

  public int maxPerWindow() {
    return maxPerWindow;
  }

  public Duration window() {
    return Duration.ofMillis(windowMs);
  }

  /** True when one more push to {@code userId} at {@code nowMs} stays within the limit. */
  public boolean allows(String userId, long nowMs) {
    ArrayDeque<Long> times = sent.get(userId);
    if (times == null) {
      return true;
    }
    expire(times, nowMs);
    return times.size() < maxPerWindow;
  }

  /** Counts a push published to {@code userId} at {@code atMs}. */
  public void record(String userId, long atMs) {
    sent.computeIfAbsent(userId, u -> new ArrayDeque<>()).addLast(atMs);
    if (atMs - lastSweepMs > windowMs) {
      sweep(atMs);
    }
  }

  /** Takes back a push counted by {@link #record} that was not published after all. */
  public void unrecord(String userId, long atMs) {
    ArrayDeque<Long> times = sent.get(userId);
    if (times != null) {
      times.removeLastOccurrence(atMs);
    }
  }

  private void expire(ArrayDeque<Long> times, long nowMs) {
    while (!times.isEmpty() && times.peekFirst() <= nowMs - windowMs) {
      times.removeFirst();
    }
  }

  /** Forgets users with no push inside the window, so memory follows the active users. */
  private void sweep(long nowMs) {
    lastSweepMs = nowMs;
    for (Iterator<ArrayDeque<Long>> it = sent.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Long> times = it.next();
      expire(times, nowMs);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }
}
