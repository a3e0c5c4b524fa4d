package io.stillwater.features.state;

import static io.stillwater.features.definition.FeatureRegistry.DAY;
import static io.stillwater.features.definition.FeatureRegistry.MONTH;
import static io.stillwater.features.definition.FeatureRegistry.WEEK;

import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.Entity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The content features' arithmetic: folding a content item's session events in, reading values at asOf. */
public final class ContentFeatures {

  private static final int START = 0;
  private static final int END = 1;
  private static final int COMPLETE = 2;
  private static final int BOUNCE = 3;

  /** Folds one event in; only session starts and ends of this item count. */
  public void update(ContentFeatureState state, Event event) {
    long ts = event.ts().toEpochMilli();
    EntityFacts facts = state.facts;
    if (event instanceof ContentStart) {
      facts.add(ts, START, 1, false);
    } else if (event instanceof ContentEnd end) {
      facts.add(ts, END, 1, false);
      if (end.completed()) {
        facts.add(ts, COMPLETE, 1, false);
      }
      if (Bounce.is(end)) {
        facts.add(ts, BOUNCE, 1, false);
      }
    } else {
      return;
    }
    facts.prune(MONTH);
  }

  public FeatureVector valuesAt(String contentId, ContentFeatureState state, Instant asOf) {
    long at = asOf.toEpochMilli();
    EntityFacts f = state.facts;
    Map<String, Object> v = new HashMap<>();
    v.put("content_starts_24h", f.exact(START, at, DAY).count());
    v.put("content_starts_7d", f.hourly(START, at, WEEK).count());
    v.put("content_bounce_rate_24h", rate(f, BOUNCE, at, DAY, true));
    v.put("content_bounce_rate_7d", rate(f, BOUNCE, at, WEEK, false));
    v.put("content_completion_rate_24h", rate(f, COMPLETE, at, DAY, true));
    v.put("content_completion_rate_7d", rate(f, COMPLETE, at, WEEK, false));
    v.put("content_popularity_30d", f.hourly(START, at, MONTH).count());
    return FeatureVector.inRegistryOrder(Entity.CONTENT, contentId, asOf, v);
  }

  /** (outcomes + 1) / (ended sessions + 2). */
  private static double rate(EntityFacts f, int outcome, long at, Duration window, boolean exact) {
    long hits = exact ? f.exact(outcome, at, window).count() : f.hourly(outcome, at, window).count();
    long ended = exact ? f.exact(END, at, window).count() : f.hourly(END, at, window).count();
    return (hits + 1.0) / (ended + 2.0);
  }
}
