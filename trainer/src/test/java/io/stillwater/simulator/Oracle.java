package io.stillwater.simulator;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.ContentItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Test helper (in the simulator's package to read its ground truth): the simulator's true pick weight and completion
 * probability for a user, an item and a moment, for the best ranking any model could make on simulated data.
 */
public final class Oracle {
  private final Map<String, SimulatedUser> users = new HashMap<>();
  private final ContentFit fit;
  private final Catalog catalog;

  /** The population and taste of {@code new SimulationConfig(users, days, seed, end, …)}. */
  public Oracle(Catalog catalog, int users, int days, long seed, LocalDate end) {
    Population.draw(new SimulationConfig(users, days, seed, end, 0.0)).forEach(u -> this.users.put(u.userId(), u));
    this.fit = new ContentFit(catalog, seed);
    this.catalog = catalog;
  }

  /**
   * How likely the user plays this item (relative to the category's other items) and finishes it: the simulator's
   * pick weight, times its extra pull after a search, times the true completion probability at that local hour.
   */
  public double playedAndCompleted(String userId, String contentId, Instant at, boolean searchedJustBefore) {
    SimulatedUser u = users.get(userId);
    ContentItem item = catalog.find(contentId).orElseThrow();
    int hour = at.atOffset(ZoneOffset.ofTotalSeconds(u.tzOffsetMinutes() * 60)).getHour();
    double pick = fit.choiceWeight(u, item);
    if (searchedJustBefore) {
      pick *= Math.exp(ContentFit.themeScore(u.persona(), item));
    }
    return pick * fit.completionProbability(u, item, hour);
  }

  /** The true completion probability. */
  public double completion(String userId, String contentId, Instant at) {
    SimulatedUser u = users.get(userId);
    int hour = at.atOffset(ZoneOffset.ofTotalSeconds(u.tzOffsetMinutes() * 60)).getHour();
    return fit.completionProbability(u, catalog.find(contentId).orElseThrow(), hour);
  }
}
