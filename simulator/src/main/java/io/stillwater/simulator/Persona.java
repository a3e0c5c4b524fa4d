package io.stillwater.simulator;

import io.stillwater.contract.catalog.Category;
import java.util.List;
import java.util.Map;

/**
 * The kinds of people the simulator draws users from. Each carries the structure the platform should
 * learn: what they reach for, when, what they search, and which content fits them (theme affinities feed
 * {@link ContentFit}).
 */
public enum Persona {
  /** Struggles to fall asleep; talk-heavy sleep stories lose them, soundscapes and body scans hold them. */
  SLEEP_STRUGGLER(
      0.22,
      Category.SLEEP,
      -0.2,
      Map.ofEntries(
          Map.entry("soundscape", 1.6),
          Map.entry("body-scan", 1.3),
          Map.entry("breathing", 1.0),
          Map.entry("rain", 0.8),
          Map.entry("yoga-nidra", 0.8),
          Map.entry("ocean", 0.6),
          Map.entry("nature", 0.5),
          Map.entry("wind-down", 0.3),
          Map.entry("story", -1.8)),
      List.of(
          "can't fall asleep",
          "cant sleep again",
          "waking up at 3am",
          "racing thoughts at night",
          "something boring to fall asleep to",
          "mind won't switch off in bed",
          "insomnia help",
          "white noise for sleeping"),
      0.45),
  /** Studies in bursts; searches in their own words, then plays focus content. */
  STUDENT(
      0.2,
      Category.FOCUS,
      0.3,
      Map.ofEntries(
          Map.entry("exam", 1.4),
          Map.entry("study", 1.2),
          Map.entry("concentration", 0.8),
          Map.entry("pomodoro", 0.6),
          Map.entry("music", 0.5),
          Map.entry("deep-work", 0.4),
          Map.entry("binaural", 0.3),
          Map.entry("story", 0.8)),
      List.of(
          "cramming for finals",
          "can't concentrate on revision",
          "preparing for exam",
          "study music no lyrics",
          "help me focus on my essay",
          "deadline tomorrow need to focus",
          "revision session background",
          "stay focused while studying",
          "too distracted to study"),
      0.35),
  /** Runs most days; steps and heart rate climb before they play movement content. */
  RUNNER(
      0.2,
      Category.MOVEMENT,
      0.4,
      Map.ofEntries(
          Map.entry("running", 1.4),
          Map.entry("cool-down", 1.2),
          Map.entry("stretching", 1.0),
          Map.entry("warm-up", 1.0),
          Map.entry("recovery", 0.8),
          Map.entry("mobility", 0.4),
          Map.entry("desk-break", -0.6)),
      List.of("post run stretch", "tight hamstrings after running", "warm up before a jog", "legs sore after run"),
      1.0),
  /** Elevated resting heart rate; reaches for stress and anxiety content when it spikes. */
  STRESSED(
      0.18,
      Category.STRESS,
      0.2,
      Map.ofEntries(
          Map.entry("sos", 1.0),
          Map.entry("breathing", 1.0),
          Map.entry("grounding", 0.8),
          Map.entry("panic", 0.8),
          Map.entry("reset", 0.8),
          Map.entry("calm", 0.8),
          Map.entry("tension", 0.6),
          Map.entry("racing-thoughts", 0.6),
          Map.entry("burnout", -0.4)),
      List.of(
          "calm down before a meeting",
          "my heart is racing",
          "overwhelmed at work",
          "panic attack help",
          "so much pressure at work",
          "chest feels tight with worry"),
      0.7),
  /** A steady meditator: mornings, basics and mindfulness, the odd sleep story. */
  MEDITATOR(
      0.2,
      Category.MEDITATION,
      0.1,
      Map.ofEntries(
          Map.entry("basics", 0.8),
          Map.entry("mindfulness", 0.6),
          Map.entry("morning", 0.6),
          Map.entry("gratitude", 0.4),
          Map.entry("breathing", 0.4),
          Map.entry("story", 0.6),
          Map.entry("soundscape", 0.2)),
      List.of("morning meditation", "gratitude practice", "start my day calm", "mindful walk"),
      0.3);

  private final double share;
  private final Category home;
  private final double baseFit;
  private final Map<String, Double> themeAffinity;
  private final List<String> queries;
  private final double wearableShare;

  Persona(
      double share,
      Category home,
      double baseFit,
      Map<String, Double> themeAffinity,
      List<String> queries,
      double wearableShare) {
    this.share = share;
    this.home = home;
    this.baseFit = baseFit;
    this.themeAffinity = themeAffinity;
    this.queries = queries;
    this.wearableShare = wearableShare;
  }

  /** Share of the population. */
  public double share() {
    return share;
  }

  /** The category this persona mostly plays. */
  public Category home() {
    return home;
  }

  double baseFit() {
    return baseFit;
  }

  double affinity(String theme) {
    return themeAffinity.getOrDefault(theme, 0.0);
  }

  /** How this persona phrases searches: their own words, not catalog terms. */
  public List<String> queries() {
    return queries;
  }

  double wearableShare() {
    return wearableShare;
  }
}
