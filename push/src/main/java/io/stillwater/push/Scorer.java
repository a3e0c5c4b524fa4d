package io.stillwater.push;

import java.time.Instant;
import java.util.List;

/** Ranks a flag's list for a user now: the serving API's scoring ({@link LiveScorer}) or a test's stand-in. */
public interface Scorer {

  /** What the scoring returned, with the generation and model it came from. */
  record Scored(List<PushMessage.Item> items, int generation, String slot, String modelId, boolean fallback,
      String fallbackReason) {}

  /** Something is live to score with (the worker waits while not). */
  boolean ready();

  /**
   * @throws IllegalArgumentException for a flag the API does not know
   */
  Scored score(String userId, String flag, int limit, Instant now);
}
