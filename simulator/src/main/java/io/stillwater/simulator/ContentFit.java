package io.stillwater.simulator;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's ground truth of taste: how likely a user is to finish an item, and how likely they are to
 * pick it. This is the signal features and the model should recover.
 *
 * <p>Completion is a logistic function of the persona's base fit, its affinity for the item's themes, whether
 * the item is in the persona's home category, whether it suits the hour, and a stable per user-item taste.
 */
final class ContentFit {

  private final long seed;
  private final Map<String, Double> popularity = new HashMap<>();

  ContentFit(Catalog catalog, long seed) {
    this.seed = seed;
    // A stable long tail per category: rank items by a hash of their id, weight 1 / (rank + 1)^0.8.
    for (Category category : Category.values()) {
      List<ContentItem> ranked =
          catalog.inCategory(category).stream()
              .sorted(Comparator.comparingDouble(i -> Seeds.unit(0, "popularity", i.contentId())))
              .toList();
      for (int rank = 0; rank < ranked.size(); rank++) {
        popularity.put(ranked.get(rank).contentId(), 1.0 / Math.pow(rank + 1, 0.8));
      }
    }
  }

  double popularity(ContentItem item) {
    return popularity.get(item.contentId());
  }

  /** Affinity of the persona for the item's themes, the first (most characteristic) theme counting most. */
  static double themeScore(Persona persona, ContentItem item) {
    double score = 0;
    double weight = 1.0;
    for (String theme : item.themes()) {
      score += weight * persona.affinity(theme);
      weight = 0.5;
    }
    return score;
  }

  double completionProbability(SimulatedUser user, ContentItem item, int localHour) {
    Persona persona = user.persona();
    double score = persona.baseFit() + themeScore(persona, item);
    if (item.category() != persona.home()) {
      score -= 0.4;
    }
    score += hourFit(item.category(), localHour);
    // Personal taste: stable per user and item, mean zero.
    score += (Seeds.unit(seed, user.userId(), item.contentId()) - 0.5) * 1.2;
    return 1 / (1 + Math.exp(-score));
  }

  /** People pick partly by what the app shows first (popularity), partly by what they like. */
  double choiceWeight(SimulatedUser user, ContentItem item) {
    return popularity(item) * Math.exp(0.35 * themeScore(user.persona(), item));
  }

  /** Of sessions that do not complete, the share abandoned in the first two minutes. */
  static double bounceShareOfFailures(Persona persona) {
    return persona == Persona.SLEEP_STRUGGLER ? 0.8 : 0.55;
  }

  private static double hourFit(Category category, int hour) {
    boolean night = hour >= 21 || hour < 4;
    return switch (category) {
      case SLEEP -> night ? 0.3 : -0.8;
      case FOCUS -> hour >= 23 || hour < 6 ? -0.5 : 0.1;
      case MOVEMENT -> night ? -0.6 : 0.1;
      default -> 0;
    };
  }
}
