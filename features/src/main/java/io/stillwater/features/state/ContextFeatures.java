package io.stillwater.features.state;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Features of a candidate item for a user at a moment, from the user's feature values and the item. The
 * per-feature methods are what {@link #valuesAt} puts in the vector; the serving API calls them directly, once
 * per request ({@link #hourOfDayUtc}, {@link #dayOfWeekUtc}) or per candidate ({@link #searchContentSim}), rather
 * than building a vector per candidate.
 */
public final class ContextFeatures {

  public static final String HOUR_OF_DAY_UTC = "hour_of_day_utc";
  public static final String DAY_OF_WEEK_UTC = "day_of_week_utc";
  public static final String SEARCH_CONTENT_SIM = "search_content_sim";

  private final SearchFeatures search;

  public ContextFeatures(SearchFeatures search) {
    this.search = search;
  }

  public FeatureVector valuesAt(FeatureVector user, String contentId, Instant asOf) {
    Map<String, Object> v = new HashMap<>();
    v.put(HOUR_OF_DAY_UTC, hourOfDayUtc(asOf));
    v.put(DAY_OF_WEEK_UTC, dayOfWeekUtc(asOf));
    float[] query = user.vector("search_embedding");
    v.put(SEARCH_CONTENT_SIM, query == null ? null : searchContentSim(query, contentId));
    return FeatureVector.inRegistryOrder(Entity.CONTEXT, user.entityId() + "|" + contentId, asOf, v);
  }

  public static double hourOfDayUtc(Instant asOf) {
    return utc(asOf).getHour();
  }

  public static double dayOfWeekUtc(Instant asOf) {
    return utc(asOf).getDayOfWeek().getValue();
  }

  /** {@code search_content_sim} for the user's latest search embedding ({@code search_embedding}, not null). */
  public double searchContentSim(float[] searchEmbedding, String contentId) {
    return search.themes().contentSimilarity(searchEmbedding, contentId);
  }

  private static ZonedDateTime utc(Instant asOf) {
    return asOf.atZone(ZoneOffset.UTC);
  }
}
