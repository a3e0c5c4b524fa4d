package io.stillwater.features.state;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.search.Vectors;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/** Features of a candidate item for a user at a moment, from the user's feature values and the item. */
public final class ContextFeatures {

  private final SearchFeatures search;

  public ContextFeatures(SearchFeatures search) {
    this.search = search;
  }

  public FeatureVector valuesAt(FeatureVector user, String contentId, Instant asOf) {
    ZonedDateTime utc = asOf.atZone(ZoneOffset.UTC);
    Map<String, Object> v = new HashMap<>();
    v.put("hour_of_day_utc", (double) utc.getHour());
    v.put("day_of_week_utc", (double) utc.getDayOfWeek().getValue());
    float[] query = user.vector("search_embedding");
    v.put("search_content_sim", query == null ? null : Vectors.cosine(query, search.themes().ofContent(contentId)));
    return FeatureVector.inRegistryOrder(Entity.CONTEXT, user.entityId() + "|" + contentId, asOf, v);
  }
}
