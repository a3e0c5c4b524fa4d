package io.stillwater.features.definition;

import io.stillwater.contract.catalog.Category;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Every feature Stillwater computes, defined once. The feature-schema version is derived from these
 * definitions, so any change to a name, type or window gives a new version (and a new store generation).
 * docs/features.md is rendered from here and a test keeps it true.
 */
public final class FeatureRegistry {

  public static final Duration MIN_15 = Duration.ofMinutes(15);
  public static final Duration HOUR = Duration.ofHours(1);
  public static final Duration DAY = Duration.ofDays(1);
  public static final Duration WEEK = Duration.ofDays(7);
  public static final Duration MONTH = Duration.ofDays(30);
  /** Dimension of search embeddings (all-MiniLM-L6-v2). */
  public static final int EMBEDDING_DIMENSION = 384;

  // Per-category names by ordinal, built once: the user's values are keyed by them on every request.
  private static final String[] SESSIONS_7D = perCategory("sessions_7d_");
  private static final String[] MINUTES_7D = perCategory("minutes_7d_");
  private static final String[] SEARCH_SIM = perCategory("search_sim_");
  // After the names above: define() uses them.
  private static final List<FeatureDefinition> ALL = define();

  private FeatureRegistry() {}

  public static List<FeatureDefinition> all() {
    return ALL;
  }

  public static List<FeatureDefinition> forEntity(Entity entity) {
    return ALL.stream().filter(f -> f.entity() == entity).toList();
  }

  public static FeatureDefinition get(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no feature named " + name));
  }

  /** {@code v1-} and the first 12 hex digits of a SHA-256 over every definition's name, entity, type and window. */
  public static String schemaVersion() {
    StringBuilder canonical = new StringBuilder();
    for (FeatureDefinition f : ALL) {
      canonical.append(f.name()).append('|').append(f.entity()).append('|').append(f.type()).append('|')
          .append(f.window().map(Duration::toString).orElse("-")).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "v1-" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String[] perCategory(String prefix) {
    return Arrays.stream(Category.values()).map(c -> prefix + c.wireName()).toArray(String[]::new);
  }

  /** Per-category feature names, e.g. {@code sessions_7d_sleep}. */
  public static String sessions7d(Category c) {
    return SESSIONS_7D[c.ordinal()];
  }

  public static String minutes7d(Category c) {
    return MINUTES_7D[c.ordinal()];
  }

  public static String searchSimilarity(Category c) {
    return SEARCH_SIM[c.ordinal()];
  }

  private static List<FeatureDefinition> define() {
    List<FeatureDefinition> f = new ArrayList<>();
    Entity u = Entity.USER;
    // Sleep: on-going session bounce.
    f.add(FeatureDefinition.of("sleep_starts_24h", u, ValueType.COUNT, DAY, "content_start events for sleep content"));
    f.add(FeatureDefinition.of("sleep_bounces_24h", u, ValueType.COUNT, DAY,
        "sleep sessions that ended not completed with position_s < 120 (content_end ts in the window)"));
    f.add(FeatureDefinition.of("sleep_bounces_7d", u, ValueType.COUNT, WEEK, "as sleep_bounces_24h, over 7 days"));
    f.add(FeatureDefinition.of("sleep_bounce_rate_7d", u, ValueType.NUMBER, WEEK,
        "(sleep_bounces_7d + 1) / (ended sleep sessions in 7 d + 2): smoothed towards 1/2 when there is little data"));
    f.add(FeatureDefinition.of("secs_since_sleep_bounce", u, ValueType.NUMBER, null,
        "seconds from the latest sleep bounce to asOf").missingWhen("the user never bounced off sleep content"));
    // Engagement.
    for (Category c : Category.values()) {
      f.add(FeatureDefinition.of(sessions7d(c), u, ValueType.COUNT, WEEK, "content_start events for " + c.wireName() + " content"));
    }
    for (Category c : Category.values()) {
      f.add(FeatureDefinition.of(minutes7d(c), u, ValueType.NUMBER, WEEK,
          "minutes played of " + c.wireName() + " content: sum of position_s / 60 over content_end events"));
    }
    f.add(FeatureDefinition.of("completion_rate_30d", u, ValueType.NUMBER, MONTH,
        "(completed sessions + 1) / (ended sessions + 2), all categories"));
    f.add(FeatureDefinition.of("days_since_last_session", u, ValueType.NUMBER, null,
        "days from the latest content_start to asOf").missingWhen("the user never started a session"));
    // Biometrics.
    f.add(FeatureDefinition.of("steps_1h", u, ValueType.COUNT, HOUR, "sum of steps over biometric samples")
        .missingWhen("the user has never reported steps"));
    f.add(FeatureDefinition.of("steps_24h", u, ValueType.COUNT, DAY, "sum of steps over biometric samples")
        .missingWhen("the user has never reported steps"));
    f.add(FeatureDefinition.of("heart_rate_avg_15m", u, ValueType.NUMBER, MIN_15, "mean heart_rate_bpm of the samples")
        .missingWhen("no heart-rate sample in the window"));
    f.add(FeatureDefinition.of("resting_heart_rate_7d", u, ValueType.NUMBER, WEEK,
        "10th percentile (nearest rank) of heart_rate_bpm samples: a resting baseline")
        .missingWhen("no heart-rate sample in the window"));
    f.add(FeatureDefinition.of("heart_rate_elevation", u, ValueType.NUMBER, MIN_15,
        "heart_rate_avg_15m - resting_heart_rate_7d").missingWhen("either is missing"));
    // Search.
    f.add(FeatureDefinition.of("search_embedding", u, ValueType.VECTOR, null,
        "all-MiniLM-L6-v2 embedding (384 floats, unit length) of the user's latest search query")
        .missingWhen("the user never searched"));
    f.add(FeatureDefinition.of("secs_since_search", u, ValueType.NUMBER, null, "seconds from the latest search to asOf")
        .missingWhen("the user never searched"));
    for (Category c : Category.values()) {
      f.add(FeatureDefinition.of(searchSimilarity(c), u, ValueType.NUMBER, null,
          "cosine similarity of the latest search embedding to the " + c.wireName()
              + " theme (the mean embedding of the catalog's " + c.wireName() + " descriptions)")
          .missingWhen("the user never searched"));
    }
    // Content.
    Entity ct = Entity.CONTENT;
    f.add(FeatureDefinition.of("content_starts_24h", ct, ValueType.COUNT, DAY, "content_start events for the item"));
    f.add(FeatureDefinition.of("content_starts_7d", ct, ValueType.COUNT, WEEK, "content_start events for the item"));
    f.add(FeatureDefinition.of("content_bounce_rate_24h", ct, ValueType.NUMBER, DAY,
        "(bounces + 1) / (ended sessions + 2); a bounce ends not completed with position_s < 120"));
    f.add(FeatureDefinition.of("content_bounce_rate_7d", ct, ValueType.NUMBER, WEEK, "as content_bounce_rate_24h, over 7 days"));
    f.add(FeatureDefinition.of("content_completion_rate_24h", ct, ValueType.NUMBER, DAY,
        "(completed sessions + 1) / (ended sessions + 2)"));
    f.add(FeatureDefinition.of("content_completion_rate_7d", ct, ValueType.NUMBER, WEEK,
        "as content_completion_rate_24h, over 7 days"));
    f.add(FeatureDefinition.of("content_popularity_30d", ct, ValueType.COUNT, MONTH,
        "content_start events for the item over 30 days: long-run popularity"));
    // Context: a candidate item for a user at a moment.
    Entity cx = Entity.CONTEXT;
    f.add(FeatureDefinition.of("hour_of_day_utc", cx, ValueType.NUMBER, null,
        "hour of asOf in UTC, 0-23 (events carry no time zone, so training and serving both use UTC)"));
    f.add(FeatureDefinition.of("day_of_week_utc", cx, ValueType.NUMBER, null, "ISO day of week of asOf in UTC, 1 (Monday) - 7"));
    f.add(FeatureDefinition.of("search_content_sim", cx, ValueType.NUMBER, null,
        "cosine similarity of the user's latest search embedding to the item's title and description embedding")
        .missingWhen("the user never searched"));
    return List.copyOf(f);
  }
}
