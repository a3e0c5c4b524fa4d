package io.stillwater.serving.admin;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.recommend.RecommendationService;
import java.time.Instant;
import java.util.Optional;

/** A user's feature values in the live generation, computed at a given instant (the debugging route's data). */
public final class UserFeatureInspector {

  /** The values and the generation they came from. */
  public record UserFeatureValues(Generation generation, FeatureVector values) {}

  private final LiveServing live;
  private final UserFeatures userFeatures;

  public UserFeatureInspector(Catalog catalog, SearchFeatures search, LiveServing live) {
    this.live = live;
    this.userFeatures = new UserFeatures(catalog, search);
  }

  /** Empty when the live generation has no state for the user; {@code NotReadyException} when nothing is live. */
  public Optional<UserFeatureValues> valuesAt(String userId, Instant asOf) {
    LiveServing.Current current = live.current()
        .orElseThrow(() -> new RecommendationService.NotReadyException("no live generation"));
    return current.view().userValues(userFeatures, userId, asOf)
        .map(v -> new UserFeatureValues(current.generation(), v));
  }
}
