package io.stillwater.pipelines.streaming.triggers;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.push.Trigger;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates the configured {@link TriggerConfig trigger rules} for one event against its user's feature state
 * right after the event was folded into it (the state {@code UpsertFeatureState} keeps and stores: the windowed
 * rules read its raw heart-rate and step facts through {@link UserFeatures}, not a copy of them).
 *
 * <p>Each rule fires at most once per episode, on the event that crosses its threshold, so a long run or a long
 * stretch of elevated heart rate gives one trigger, not one per sample:
 *
 * <ul>
 *   <li>{@code sleep_bounce}: a {@code content_end} of a sleep-category item, not completed, at a position under
 *       {@code left_within_seconds}.</li>
 *   <li>{@code search}: a {@code search}.</li>
 *   <li>{@code heart_rate_elevated}: a heart-rate sample above {@code above_bpm} that makes the unbroken run of
 *       samples above it (no two more than {@code max_sample_gap_seconds} apart) span {@code for_minutes} or more,
 *       when the run's previous sample had not.</li>
 *   <li>{@code long_run}: a steps sample that takes the steps counted in ({@code t - within_minutes}, t] over
 *       {@code steps_over}, when without it they were not.</li>
 * </ul>
 *
 * Events more than {@code max_event_age_seconds} older than the evaluation fire nothing. Immutable.
 */
public final class TriggerRules {

  private final TriggerConfig config;
  private final Map<String, Category> categoryOf = new HashMap<>();

  public TriggerRules(TriggerConfig config, Catalog catalog) {
    this.config = config;
    for (ContentItem item : catalog.items()) {
      categoryOf.put(item.contentId(), item.category());
    }
  }

  public TriggerConfig config() {
    return config;
  }

  /**
   * The triggers {@code event} fires, given {@code state}: its user's state with the event already folded in.
   *
   * @param nowMs the evaluation time, the triggers' {@code detected_at_ms}
   */
  public List<Trigger> evaluate(Event event, UserFeatureState state, long nowMs) {
    long t = event.ts().toEpochMilli();
    if (nowMs - t > config.maxEventAgeSeconds() * 1000L) {
      return List.of();
    }
    List<Trigger> out = new ArrayList<>(1);
    if (event instanceof ContentEnd end) {
      config.sleepBounce().ifPresent(rule -> {
        if (categoryOf.get(end.contentId()) == Category.SLEEP && !end.completed()
            && end.positionS() < rule.leftWithinSeconds()) {
          out.add(trigger(TriggerConfig.SleepBounce.NAME, rule.flag(), event, nowMs,
              "left sleep item " + end.contentId() + " after " + Math.round(end.positionS()) + " s"));
        }
      });
    } else if (event instanceof Search search) {
      config.search().ifPresent(rule -> out.add(trigger(TriggerConfig.SearchRule.NAME, rule.flag(), event, nowMs,
          "searched \"" + shorten(search.query(), 80) + "\"")));
    } else if (event instanceof Biometric b) {
      if (b.heartRateBpm() != null) {
        config.heartRateElevated().ifPresent(rule -> heartRate(rule, b, state, nowMs, out));
      }
      if (b.steps() != null && b.steps() > 0) {
        config.longRun().ifPresent(rule -> steps(rule, b, state, nowMs, out));
      }
    }
    return out;
  }

  private void heartRate(TriggerConfig.HeartRateElevated rule, Biometric b, UserFeatureState state, long nowMs,
      List<Trigger> out) {
    long t = b.ts().toEpochMilli();
    if (b.heartRateBpm() <= rule.aboveBpm()) {
      return;
    }
    long needMs = rule.forMinutes() * 60_000L;
    long gapMs = rule.maxSampleGapSeconds() * 1000L;
    List<UserFeatures.Sample> samples = UserFeatures.heartRateSamples(state, t - TriggerConfig.MAX_WINDOW_MINUTES * 60_000L, t);
    // walk back from this sample through the unbroken run of elevated samples
    long runStart = t;
    long previousInRun = Long.MIN_VALUE; // the newest run sample strictly before this one
    long later = t;
    for (int i = samples.size() - 1; i >= 0; i--) {
      UserFeatures.Sample s = samples.get(i);
      if (s.value() <= rule.aboveBpm() || later - s.tsMs() > gapMs) {
        break;
      }
      runStart = s.tsMs();
      later = s.tsMs();
      if (s.tsMs() < t && previousInRun == Long.MIN_VALUE) {
        previousInRun = s.tsMs();
      }
    }
    boolean reached = t - runStart >= needMs;
    boolean reachedBefore = previousInRun != Long.MIN_VALUE && previousInRun - runStart >= needMs;
    if (reached && !reachedBefore) {
      out.add(trigger(TriggerConfig.HeartRateElevated.NAME, rule.flag(), b, nowMs,
          String.format(Locale.ROOT, "heart rate above %s bpm for %d min (now %.0f bpm)", fmt(rule.aboveBpm()),
              (t - runStart) / 60_000L, b.heartRateBpm())));
    }
  }

  private void steps(TriggerConfig.LongRun rule, Biometric b, UserFeatureState state, long nowMs, List<Trigger> out) {
    long t = b.ts().toEpochMilli();
    long total = UserFeatures.stepsBetween(state, t - rule.withinMinutes() * 60_000L, t);
    long without = total - b.steps();
    if (total > rule.stepsOver() && without <= rule.stepsOver()) {
      out.add(trigger(TriggerConfig.LongRun.NAME, rule.flag(), b, nowMs,
          total + " steps in " + rule.withinMinutes() + " min (over " + rule.stepsOver() + ")"));
    }
  }

  private static Trigger trigger(String rule, String flag, Event e, long nowMs, String reason) {
    return new Trigger(Trigger.key(rule, e.userId(), e.eventId()), rule, e.userId(), flag, reason, e.eventId(),
        e.ts().toEpochMilli(), nowMs);
  }

  private static String shorten(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
