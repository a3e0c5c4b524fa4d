package io.stillwater.features.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything kept about one user to compute their features at any as-of time: windowed facts and their
 * latest searches. Plain data; {@link UserFeatures} folds events into it and reads values from it.
 */
public final class UserFeatureState {

  /** Searches kept, newest last; a few so a read just before the newest one still finds its predecessor. */
  static final int SEARCHES_KEPT = 4;

  final EntityFacts facts;
  final List<LatestSearch> searches;

  public UserFeatureState() {
    this(new EntityFacts(), new ArrayList<>());
  }

  UserFeatureState(EntityFacts facts, List<LatestSearch> searches) {
    this.facts = facts;
    this.searches = searches;
  }

  public EntityFacts facts() {
    return facts;
  }

  public List<LatestSearch> searches() {
    return List.copyOf(searches);
  }

  /** A search query and when it was made. */
  public record LatestSearch(long tsMs, String query) {}

  void addSearch(long tsMs, String query) {
    searches.add(new LatestSearch(tsMs, query));
    searches.sort((a, b) -> a.tsMs() != b.tsMs() ? Long.compare(a.tsMs(), b.tsMs()) : a.query().compareTo(b.query()));
    while (searches.size() > SEARCHES_KEPT) {
      searches.remove(0);
    }
  }

  Optional<LatestSearch> latestSearchBefore(long asOfMs) {
    LatestSearch best = null;
    for (LatestSearch s : searches) {
      if (s.tsMs() < asOfMs) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }
}
