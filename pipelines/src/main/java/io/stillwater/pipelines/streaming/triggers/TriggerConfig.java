package io.stillwater.pipelines.streaming.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trigger rules the streaming pipeline evaluates, read from a JSON file (the bundled default is
 * {@value #BUNDLED}). Every threshold is a field; a rule left out, or with {@code "enabled": false}, is off.
 *
 * <pre>
 * {
 *   "max_event_age_seconds": 600,           // events older than this (event time vs. now) fire nothing
 *   "rules": {
 *     "sleep_bounce": { "flag": "sleep", "left_within_seconds": 120 },
 *     "search": { "flag": "after_search" },
 *     "heart_rate_elevated": { "flag": "stress_relief", "above_bpm": 100, "for_minutes": 10, "max_sample_gap_seconds": 900 },
 *     "long_run": { "flag": "movement", "steps_over": 3000, "within_minutes": 30 }
 *   }
 * }
 * </pre>
 *
 * A malformed file is refused with an {@link IllegalArgumentException} naming the file and the field
 * ({@code rules.long_run.steps_over must be ...}); unknown fields and rules are refused too, so a typo never
 * silently turns a rule off.
 */
public final class TriggerConfig implements Serializable {

  /** The bundled rules, a classpath resource. */
  public static final String BUNDLED = "io/stillwater/pipelines/streaming/triggers/triggers.json";
  /** The {@code --triggers} value that turns triggers off. */
  public static final String OFF = "off";

  /** The API's flag wire names (serving-api's {@code Flag}), the lists a trigger may push. */
  public static final Set<String> FLAGS = Set.of("sleep", "focus", "movement", "stress_relief", "for_you", "after_search");

  /** Raw facts (and so the windows a rule can read) reach 24 h back. */
  static final int MAX_WINDOW_MINUTES = 24 * 60;

  /** A sleep-category session ended not completed, at a position under {@code leftWithinSeconds}. */
  public record SleepBounce(String flag, double leftWithinSeconds) implements Serializable {
    public static final String NAME = "sleep_bounce";
  }

  /** Any search. */
  public record SearchRule(String flag) implements Serializable {
    public static final String NAME = "search";
  }

  /**
   * Heart-rate samples above {@code aboveBpm} without a break for at least {@code forMinutes}; samples further
   * apart than {@code maxSampleGapSeconds} break the run (no data is not evidence of an elevated heart rate).
   */
  public record HeartRateElevated(String flag, double aboveBpm, int forMinutes, int maxSampleGapSeconds)
      implements Serializable {
    public static final String NAME = "heart_rate_elevated";
  }

  /** More than {@code stepsOver} steps counted within {@code withinMinutes}. */
  public record LongRun(String flag, long stepsOver, int withinMinutes) implements Serializable {
    public static final String NAME = "long_run";
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RULES =
      List.of(SleepBounce.NAME, SearchRule.NAME, HeartRateElevated.NAME, LongRun.NAME);

  private final String origin;
  private final long maxEventAgeSeconds;
  private final SleepBounce sleepBounce;
  private final SearchRule search;
  private final HeartRateElevated heartRateElevated;
  private final LongRun longRun;

  private TriggerConfig(String origin, long maxEventAgeSeconds, SleepBounce sleepBounce, SearchRule search,
      HeartRateElevated heartRateElevated, LongRun longRun) {
    this.origin = origin;
    this.maxEventAgeSeconds = maxEventAgeSeconds;
    this.sleepBounce = sleepBounce;
    this.search = search;
    this.heartRateElevated = heartRateElevated;
    this.longRun = longRun;
  }

  /**
   * What {@code --triggers} names: absent, blank or {@code default} → the bundled rules; {@code off} → none
   * (empty); anything else → that file.
   *
   * @throws IllegalArgumentException naming the file and field, for a file that is missing or malformed
   */
  public static Optional<TriggerConfig> fromOption(String value) {
    if (value == null || value.isBlank() || value.strip().equals("default")) {
      return Optional.of(bundled());
    }
    if (value.strip().equalsIgnoreCase(OFF)) {
      return Optional.empty();
    }
    return Optional.of(load(Path.of(value.strip())));
  }

  public static TriggerConfig bundled() {
    try (InputStream in = TriggerConfig.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled trigger rules " + BUNDLED + " are missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TriggerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("trigger config " + file + ": cannot read it (" + e + ")", e);
    }
    return parse(text, file.toString());
  }

  /** Parses and validates {@code json}; {@code origin} names it in errors. */
  public static TriggerConfig parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("trigger config " + origin + ": not JSON: " + e.getOriginalMessage(), e);
    }
    Reader r = new Reader(origin);
    if (root == null || !root.isObject()) {
      throw r.error("(top level)", "must be a JSON object");
    }
    r.onlyFields(root, "", Set.of("max_event_age_seconds", "rules"));
    long maxAge = r.wholeNumber(root, "", "max_event_age_seconds", 600, 1, Long.MAX_VALUE);
    JsonNode rules = root.get("rules");
    if (rules == null || !rules.isObject()) {
      throw r.error("rules", "must be an object of rule name to settings (" + String.join(", ", RULES) + ")");
    }
    for (Iterator<String> it = rules.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!RULES.contains(name)) {
        throw r.error("rules." + name, "is not a rule; the rules are " + String.join(", ", RULES));
      }
      if (!rules.get(name).isObject()) {
        throw r.error("rules." + name, "must be an object");
      }
    }
    SleepBounce sleepBounce = null;
    JsonNode n = r.enabled(rules, SleepBounce.NAME, Set.of("left_within_seconds"));
    if (n != null) {
      sleepBounce = new SleepBounce(r.flag(n, SleepBounce.NAME, "sleep"),
          r.number(n, "rules." + SleepBounce.NAME, "left_within_seconds", 120, 0, 86_400));
    }
    SearchRule search = null;
    n = r.enabled(rules, SearchRule.NAME, Set.of());
    if (n != null) {
      search = new SearchRule(r.flag(n, SearchRule.NAME, "after_search"));
    }
    HeartRateElevated heartRate = null;
    n = r.enabled(rules, HeartRateElevated.NAME, Set.of("above_bpm", "for_minutes", "max_sample_gap_seconds"));
    if (n != null) {
      String at = "rules." + HeartRateElevated.NAME;
      heartRate = new HeartRateElevated(r.flag(n, HeartRateElevated.NAME, "stress_relief"),
          r.number(n, at, "above_bpm", 100, 0, 300),
          (int) r.wholeNumber(n, at, "for_minutes", 10, 1, MAX_WINDOW_MINUTES),
          (int) r.wholeNumber(n, at, "max_sample_gap_seconds", 900, 1, 86_400));
    }
    LongRun longRun = null;
    n = r.enabled(rules, LongRun.NAME, Set.of("steps_over", "within_minutes"));
    if (n != null) {
      String at = "rules." + LongRun.NAME;
      longRun = new LongRun(r.flag(n, LongRun.NAME, "movement"),
          r.wholeNumber(n, at, "steps_over", 3000, 1, Long.MAX_VALUE),
          (int) r.wholeNumber(n, at, "within_minutes", 30, 1, MAX_WINDOW_MINUTES));
    }
    return new TriggerConfig(origin, maxAge, sleepBounce, search, heartRate, longRun);
  }

  /** Where the rules came from (a path, or the bundled resource), for logs and errors. */
  public String origin() {
    return origin;
  }

  /** Events whose time is more than this before the evaluation fire nothing (a push about an old event is noise). */
  public long maxEventAgeSeconds() {
    return maxEventAgeSeconds;
  }

  /** Each rule, empty when it is off. */
  public Optional<SleepBounce> sleepBounce() {
    return Optional.ofNullable(sleepBounce);
  }

  public Optional<SearchRule> search() {
    return Optional.ofNullable(search);
  }

  public Optional<HeartRateElevated> heartRateElevated() {
    return Optional.ofNullable(heartRateElevated);
  }

  public Optional<LongRun> longRun() {
    return Optional.ofNullable(longRun);
  }

  /** The names of the rules that are on, in a fixed order. */
  public List<String> enabledRules() {
    List<String> out = new ArrayList<>();
    sleepBounce().ifPresent(x -> out.add(SleepBounce.NAME));
    search().ifPresent(x -> out.add(SearchRule.NAME));
    heartRateElevated().ifPresent(x -> out.add(HeartRateElevated.NAME));
    longRun().ifPresent(x -> out.add(LongRun.NAME));
    return out;
  }

  @Override
  public String toString() {
    return "trigger rules " + enabledRules() + " from " + origin;
  }

  /** Reads fields with errors that name the file and the field's path. */
  private record Reader(String origin) {

    IllegalArgumentException error(String field, String what) {
      return new IllegalArgumentException("trigger config " + origin + ": " + field + " " + what);
    }

    void onlyFields(JsonNode node, String at, Set<String> allowed) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        String f = it.next().getKey();
        if (!allowed.contains(f)) {
          throw error(path(at, f), "is not a known field; expected " + String.join(", ", allowed.stream().sorted().toList()));
        }
      }
    }

    /** The rule's settings when it is present and not disabled, else null. */
    JsonNode enabled(JsonNode rules, String name, Set<String> fields) {
      JsonNode n = rules.get(name);
      if (n == null) {
        return null;
      }
      Set<String> allowed = new java.util.HashSet<>(fields);
      allowed.add("flag");
      allowed.add("enabled");
      onlyFields(n, "rules." + name, allowed);
      JsonNode enabled = n.get("enabled");
      if (enabled != null && !enabled.isBoolean()) {
        throw error("rules." + name + ".enabled", "must be true or false, got " + enabled);
      }
      return enabled == null || enabled.booleanValue() ? n : null;
    }

    String flag(JsonNode rule, String name, String fallback) {
      JsonNode f = rule.get("flag");
      if (f == null) {
        return fallback;
      }
      if (!f.isTextual() || !FLAGS.contains(f.textValue())) {
        throw error("rules." + name + ".flag", "must be one of " + String.join(", ", FLAGS.stream().sorted().toList()) + ", got " + f);
      }
      return f.textValue();
    }

    double number(JsonNode node, String at, String field, double fallback, double minExclusive, double max) {
      JsonNode v = node.get(field);
      if (v == null) {
        return fallback;
      }
      if (!v.isNumber() || !(v.doubleValue() > minExclusive) || v.doubleValue() > max) {
        throw error(path(at, field), "must be a number > " + fmt(minExclusive) + " and <= " + fmt(max) + ", got " + v);
      }
      return v.doubleValue();
    }

    long wholeNumber(JsonNode node, String at, String field, long fallback, long min, long max) {
      JsonNode v = node.get(field);
      if (v == null) {
        return fallback;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
        throw error(path(at, field), "must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max)
            + ", got " + v);
      }
      return v.longValue();
    }

    private static String path(String at, String field) {
      return at.isEmpty() ? field : at + "." + field;
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
