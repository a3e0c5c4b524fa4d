package io.stillwater.features.state;

import static io.stillwater.features.definition.FeatureRegistry.DAY;
import static io.stillwater.features.definition.FeatureRegistry.HOUR;
import static io.stillwater.features.definition.FeatureRegistry.MIN_15;
import static io.stillwater.features.definition.FeatureRegistry.MONTH;
import static io.stillwater.features.definition.FeatureRegistry.WEEK;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.Search;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The user features' arithmetic: how each event changes a {@link UserFeatureState}, and how values are read
 * at an as-of time. The same code runs in the batch pipeline, the streaming pipeline and the serving API.
 */
public final class UserFeatures {

  private static final int CATEGORIES = Category.values().length;
  private static final int SESSION_START = 0;
  private static final int SESSION_END = CATEGORIES;
  private static final int SESSION_COMPLETE = 2 * CATEGORIES;
  private static final int BOUNCE = 3 * CATEGORIES;
  private static final int STEPS = 4 * CATEGORIES;
  private static final int HEART_RATE = STEPS + 1;

  private final Map<String, Category> categoryOf = new HashMap<>();
  private final SearchFeatures search;

  public UserFeatures(Catalog catalog, SearchFeatures search) {
    for (ContentItem item : catalog.items()) {
      categoryOf.put(item.contentId(), item.category());
    }
    this.search = search;
  }

  /** Folds one event in. Events of other types, or for content no longer in the catalog, change nothing. */
  public void update(UserFeatureState state, Event event) {
    long ts = event.ts().toEpochMilli();
    EntityFacts facts = state.facts;
    if (event instanceof ContentStart start) {
      category(start.contentId()).ifPresent(c -> facts.add(ts, SESSION_START + c.ordinal(), 1, false));
    } else if (event instanceof ContentEnd end) {
      category(end.contentId()).ifPresent(c -> {
        facts.add(ts, SESSION_END + c.ordinal(), end.positionS(), false);
        if (end.completed()) {
          facts.add(ts, SESSION_COMPLETE + c.ordinal(), 1, false);
        }
        if (Bounce.is(end)) {
          facts.add(ts, BOUNCE + c.ordinal(), 1, false);
        }
      });
    } else if (event instanceof Biometric b) {
      if (b.steps() != null) {
        facts.add(ts, STEPS, b.steps(), false);
      }
      if (b.heartRateBpm() != null) {
        facts.add(ts, HEART_RATE, b.heartRateBpm(), true);
      }
    } else if (event instanceof Search s) {
      state.addSearch(ts, s.query());
    } else {
      return;
    }
    facts.prune(MONTH);
  }

  public FeatureVector valuesAt(String userId, UserFeatureState state, Instant asOf) {
    long at = asOf.toEpochMilli();
    EntityFacts f = state.facts;
    Map<String, Object> v = new HashMap<>();
    int sleep = Category.SLEEP.ordinal();

    v.put("sleep_starts_24h", f.exact(SESSION_START + sleep, at, DAY).count());
    v.put("sleep_bounces_24h", f.exact(BOUNCE + sleep, at, DAY).count());
    long bounces7d = f.hourly(BOUNCE + sleep, at, WEEK).count();
    v.put("sleep_bounces_7d", bounces7d);
    v.put("sleep_bounce_rate_7d", (bounces7d + 1.0) / (f.hourly(SESSION_END + sleep, at, WEEK).count() + 2.0));
    v.put("secs_since_sleep_bounce", secondsSince(f.latestBefore(BOUNCE + sleep, at), at));

    long ended30d = 0;
    long completed30d = 0;
    for (Category c : Category.values()) {
      v.put(FeatureRegistry.sessions7d(c), f.hourly(SESSION_START + c.ordinal(), at, WEEK).count());
      v.put(FeatureRegistry.minutes7d(c), f.hourly(SESSION_END + c.ordinal(), at, WEEK).sum() / 60.0);
      ended30d += f.hourly(SESSION_END + c.ordinal(), at, MONTH).count();
      completed30d += f.hourly(SESSION_COMPLETE + c.ordinal(), at, MONTH).count();
    }
    v.put("completion_rate_30d", (completed30d + 1.0) / (ended30d + 2.0));
    OptionalLong lastStart = OptionalLong.empty();
    for (Category c : Category.values()) {
      OptionalLong t = f.latestBefore(SESSION_START + c.ordinal(), at);
      if (t.isPresent() && (lastStart.isEmpty() || t.getAsLong() > lastStart.getAsLong())) {
        lastStart = t;
      }
    }
    Double secondsSinceSession = secondsSince(lastStart, at);
    v.put("days_since_last_session", secondsSinceSession == null ? null : secondsSinceSession / 86_400.0);

    boolean reportsSteps = f.latestBefore(STEPS, at).isPresent();
    v.put("steps_1h", reportsSteps ? (Object) (long) f.exact(STEPS, at, HOUR).sum() : null);
    v.put("steps_24h", reportsSteps ? (Object) (long) f.exact(STEPS, at, DAY).sum() : null);
    EntityFacts.CountSum hr15 = f.exact(HEART_RATE, at, MIN_15);
    Double avg15 = hr15.count() == 0 ? null : hr15.sum() / hr15.count();
    Double resting = lowPercentile(f.sortedHourlyValues(HEART_RATE, at, WEEK));
    v.put("heart_rate_avg_15m", avg15);
    v.put("resting_heart_rate_7d", resting);
    v.put("heart_rate_elevation", avg15 == null || resting == null ? null : avg15 - resting);

    Optional<UserFeatureState.LatestSearch> latest = state.latestSearchBefore(at);
    float[] embedding = latest.map(s -> search.embed(s.query())).orElse(null);
    v.put("search_embedding", embedding);
    v.put("secs_since_search", latest.map(s -> (at - s.tsMs()) / 1000.0).orElse(null));
    Map<Category, Double> sims = embedding == null ? Map.of() : search.similarities(embedding);
    for (Category c : Category.values()) {
      v.put(FeatureRegistry.searchSimilarity(c), sims.get(c));
    }
    return FeatureVector.inRegistryOrder(Entity.USER, userId, asOf, v);
  }

  private Optional<Category> category(String contentId) {
    return Optional.ofNullable(categoryOf.get(contentId));
  }

  private static Double secondsSince(OptionalLong ts, long at) {
    return ts.isPresent() ? (at - ts.getAsLong()) / 1000.0 : null;
  }

  /** One timestamped reading kept in a user's state. */
  public record Sample(long tsMs, double value) {}

  /**
   * The heart-rate samples with time in [fromMs, toMs], oldest first (ties in the order they were folded), read
   * from the state's raw facts, so exact within {@link EntityFacts#RAW_HORIZON} of the newest fact. What the
   * streaming trigger rules read; same facts as {@code heart_rate_avg_15m}.
   */
  public static List<Sample> heartRateSamples(UserFeatureState state, long fromMs, long toMs) {
    EntityFacts f = state.facts;
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < f.rawTs.size(); i++) {
      long ts = f.rawTs.get(i);
      if (f.rawKey.get(i) == HEART_RATE && ts >= fromMs && ts <= toMs) {
        out.add(new Sample(ts, f.rawValue.get(i)));
      }
    }
    out.sort((a, b) -> Long.compare(a.tsMs(), b.tsMs()));
    return out;
  }

  /** Steps counted with time in (fromMs, toMs], exact within {@link EntityFacts#RAW_HORIZON}; same facts as {@code steps_1h}. */
  public static long stepsBetween(UserFeatureState state, long fromMs, long toMs) {
    return (long) state.facts.exact(STEPS, toMs + 1, java.time.Duration.ofMillis(toMs + 1 - fromMs)).sum();
  }

  /** 10th percentile, nearest rank; null for no samples. */
  static Double lowPercentile(EntityFacts.SortedValues samples) {
    if (samples.size() == 0) {
      return null;
    }
    int rank = (int) Math.ceil(0.10 * samples.size());
    return samples.get(Math.max(0, rank - 1));
  }
}
