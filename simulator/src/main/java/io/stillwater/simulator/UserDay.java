package io.stillwater.simulator;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * One simulated user's events over one local day: their routine for the persona, the content sessions it
 * leads to (impression, start, heartbeats, end), searches, and wearable samples that reflect what they did.
 */
final class UserDay {

  static final Duration SAMPLE_INTERVAL = Duration.ofMinutes(10);
  static final int HEARTBEAT_S = 60;
  private static final int IMPRESSION_SIZE = 10;

  private final SimulatedUser user;
  private final LocalDate day;
  private final ZoneOffset zone;
  private final SplittableRandom rng;
  private final Catalog catalog;
  private final ContentFit fit;
  private final List<Event> events = new ArrayList<>();
  /** Extra steps per sample and heart-rate lift caused by what the user does today. */
  private final List<Exertion> exertions = new ArrayList<>();

  private record Exertion(Instant from, Instant until, int stepsPerSample, double heartRateLift) {}

  UserDay(SimulatedUser user, LocalDate day, long seed, Catalog catalog, ContentFit fit) {
    this.user = user;
    this.day = day;
    this.zone = ZoneOffset.ofTotalSeconds(user.tzOffsetMinutes() * 60);
    this.rng = Seeds.random(seed, "day", user.index(), day.toEpochDay());
    this.catalog = catalog;
    this.fit = fit;
  }

  /** All of the day's events, in event-time order. */
  List<Event> generate() {
    switch (user.persona()) {
      case SLEEP_STRUGGLER -> sleepStruggler();
      case STUDENT -> student();
      case RUNNER -> runner();
      case STRESSED -> stressed();
      case MEDITATOR -> meditator();
    }
    if (chance(0.08)) {
      Category any = Category.values()[rng.nextInt(Category.values().length)];
      session(localTime(8, 22), any, null);
    }
    biometrics();
    events.sort(java.util.Comparator.comparing(Event::ts));
    return events;
  }

  // ---- persona routines ----------------------------------------------------------------------

  private void sleepStruggler() {
    if (chance(0.85)) {
      Instant bedtime = localTime(22, 24.75);
      String query = chance(0.15) ? search(bedtime.minusSeconds(between(40, 200))) : null;
      // Bounced off one? Many try another within minutes.
      Instant next = bedtime;
      for (int attempt = 0; attempt < 3; attempt++) {
        Session s = session(next, Category.SLEEP, query);
        if (!s.bounced() || !chance(0.6)) {
          break;
        }
        next = s.end().plusSeconds(between(30, 180));
      }
    }
    if (chance(0.2)) {
      session(localTime(12, 20), chance(0.5) ? Category.MEDITATION : Category.ANXIETY, null);
    }
  }

  private void student() {
    int studyBlocks = 1 + rng.nextInt(isWeekend() ? 2 : 3);
    for (int i = 0; i < studyBlocks; i++) {
      Instant at = localTime(i == 0 ? 14 : 19, i == 0 ? 18 : 23);
      String query = chance(0.7) ? search(at.minusSeconds(between(30, 180))) : null;
      session(at, Category.FOCUS, query);
    }
    if (chance(0.2)) {
      session(localTime(23, 25), Category.SLEEP, null);
    }
  }

  private void runner() {
    if (chance(5.0 / 7)) {
      Instant walk = chance(0.6) ? localTime(6.5, 8) : localTime(17.5, 19.5);
      Instant run = walk.plus(Duration.ofMinutes(10));
      Instant runEnd = run.plus(Duration.ofMinutes(between(30, 50)));
      exertions.add(new Exertion(walk, run, 900, 35));
      exertions.add(new Exertion(run, runEnd, 1700, 80 + rng.nextDouble() * 15));
      if (chance(0.4)) {
        session(walk.plusSeconds(between(120, 300)), Category.MOVEMENT, null);
      }
      if (chance(0.75)) {
        String query = chance(0.1) ? search(runEnd.plusSeconds(between(5, 40))) : null;
        session(runEnd.plusSeconds(between(60, 240)), Category.MOVEMENT, query);
      }
    } else if (chance(0.2)) {
      session(localTime(19, 22), Category.MOVEMENT, null);
    }
    if (chance(0.15)) {
      session(localTime(22, 24), Category.SLEEP, null);
    }
  }

  private void stressed() {
    int spikes = isWeekend() ? rng.nextInt(2) : 1 + rng.nextInt(3);
    for (int i = 0; i < spikes; i++) {
      Instant from = localTime(9, 18);
      exertions.add(new Exertion(from, from.plus(Duration.ofMinutes(between(20, 40))), 0, 22 + rng.nextDouble() * 13));
      if (chance(0.65)) {
        Instant at = from.plus(Duration.ofMinutes(between(5, 15)));
        String query = chance(0.3) ? search(at.minusSeconds(between(30, 120))) : null;
        session(at, chance(0.55) ? Category.STRESS : Category.ANXIETY, query);
      }
    }
    if (chance(0.3)) {
      session(localTime(22, 24), chance(0.5) ? Category.ANXIETY : Category.SLEEP, null);
    }
  }

  private void meditator() {
    if (chance(0.65)) {
      session(localTime(6.5, 9), Category.MEDITATION, chance(0.1) ? search(localTime(6, 6.4)) : null);
    }
    if (chance(0.25)) {
      session(localTime(21.5, 23.5), Category.SLEEP, null);
    }
    if (chance(0.1)) {
      session(localTime(12, 18), Category.STRESS, null);
    }
  }

  // ---- sessions ------------------------------------------------------------------------------

  private record Session(Instant end, boolean bounced) {}

  /**
   * The app shows a list, the user picks an item and plays it to completion, bounces in the first two
   * minutes, or abandons it later. A search just before steers the pick towards what was asked for.
   */
  private Session session(Instant start, Category category, String query) {
    List<ContentItem> items = catalog.inCategory(category);
    ToDoubleFunction<ContentItem> weight =
        query == null ? i -> fit.choiceWeight(user, i) : i -> fit.choiceWeight(user, i) * Math.exp(ContentFit.themeScore(user.persona(), i));
    ContentItem item = pick(items, weight);
    impression(start.minusSeconds(between(3, 25)), category, items, item);

    String sessionId = "s_" + Long.toHexString(rng.nextLong() & 0xFFFFFFFFFFFFL);
    events.add(new ContentStart(eventId(), user.userId(), start, item.contentId(), sessionId));

    int hour = start.atOffset(zone).getHour();
    double pComplete = fit.completionProbability(user, item, hour);
    double position;
    boolean completed = chance(pComplete);
    boolean bounced = false;
    if (completed) {
      position = item.durationS();
    } else if (chance(ContentFit.bounceShareOfFailures(user.persona()))) {
      position = between(8, 115);
      bounced = true;
    } else {
      position = between(120, Math.max(121, (int) (item.durationS() * 0.9)));
    }
    for (int s = HEARTBEAT_S; s < position; s += HEARTBEAT_S) {
      events.add(new ContentProgress(eventId(), user.userId(), start.plusSeconds(s), item.contentId(), sessionId, s));
    }
    Instant end = start.plusSeconds((long) position).plusMillis(rng.nextInt(1000));
    events.add(new ContentEnd(eventId(), user.userId(), end, item.contentId(), sessionId, position, completed));
    return new Session(end, bounced);
  }

  private void impression(Instant at, Category category, List<ContentItem> items, ContentItem chosen) {
    List<String> shown = new ArrayList<>();
    shown.add(chosen.contentId());
    for (int tries = 0; shown.size() < Math.min(IMPRESSION_SIZE, items.size()) && tries < 100; tries++) {
      String id = pick(items, fit::popularity).contentId();
      if (!shown.contains(id)) {
        shown.add(id);
      }
    }
    // The chosen item is usually in the list, at some position.
    java.util.Collections.swap(shown, 0, rng.nextInt(shown.size()));
    if (chance(0.3)) {
      shown.remove(chosen.contentId());
    }
    events.add(new RecommendationImpression(
        eventId(), user.userId(), at, "r_" + Long.toHexString(rng.nextLong() & 0xFFFFFFFFFFFFL), slotFor(category), shown));
  }

  private static String slotFor(Category category) {
    return switch (category) {
      case SLEEP -> "sleep";
      case FOCUS -> "focus";
      case MOVEMENT -> "movement";
      case STRESS, ANXIETY -> "stress_relief";
      case MEDITATION -> "for_you";
    };
  }

  private String search(Instant at) {
    List<String> queries = user.persona().queries();
    String query = queries.get(rng.nextInt(queries.size()));
    events.add(new Search(eventId(), user.userId(), at, query));
    return query;
  }

  // ---- wearables ------------------------------------------------------------------------------

  /** Watch: steps and heart rate every ten minutes, all day. Phone: hourly steps while awake. */
  private void biometrics() {
    Instant dayStart = day.atStartOfDay().toInstant(zone);
    if (user.wearable()) {
      Instant t = dayStart.plusSeconds(between(0, 599));
      Instant dayEnd = dayStart.plus(Duration.ofDays(1));
      for (; t.isBefore(dayEnd); t = t.plus(SAMPLE_INTERVAL).plusMillis(rng.nextInt(2000))) {
        int hour = t.atOffset(zone).getHour();
        int steps = baseSteps(hour, 1);
        double lift = 0;
        for (Exertion e : exertions) {
          if (!t.isBefore(e.from()) && t.isBefore(e.until().plus(SAMPLE_INTERVAL))) {
            steps += (int) (e.stepsPerSample() * (0.85 + 0.3 * rng.nextDouble()));
            lift = Math.max(lift, e.heartRateLift());
          }
        }
        double bpm = user.restingHeartRate() + (awake(hour) ? 6 : -3) + steps / 45.0 + lift + rng.nextGaussian() * 3;
        bpm = Math.max(35, Math.min(215, Math.round(bpm * 10) / 10.0));
        events.add(new Biometric(eventId(), user.userId(), t, steps, bpm, "watch"));
      }
    } else if (user.phoneSteps()) {
      for (int hour = 8; hour <= 23; hour++) {
        Instant t = dayStart.plus(Duration.ofHours(hour)).plusSeconds(between(0, 120));
        events.add(new Biometric(eventId(), user.userId(), t, baseSteps(hour - 1, 6), null, "phone"));
      }
    }
  }

  /** Everyday walking around, by local hour, for {@code samples} ten-minute periods. */
  private int baseSteps(int hour, int samples) {
    if (!awake(hour)) {
      return 0;
    }
    double mean = (hour >= 8 && hour <= 19 ? 160 : 70) * user.activity() * samples;
    return (int) Math.max(0, Math.round(mean * (0.4 + 1.2 * rng.nextDouble())));
  }

  private static boolean awake(int hour) {
    return hour >= 7 && hour < 23;
  }

  // ---- randomness ----------------------------------------------------------------------------

  private String eventId() {
    long hi = (rng.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private boolean chance(double p) {
    return rng.nextDouble() < p;
  }

  private int between(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  private boolean isWeekend() {
    DayOfWeek d = day.getDayOfWeek();
    return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
  }

  /** A random instant between two local hours of this day (hours past 24 are after midnight). */
  private Instant localTime(double fromHour, double toHour) {
    long seconds = (long) ((fromHour + rng.nextDouble() * (toHour - fromHour)) * 3600);
    return day.atStartOfDay().toInstant(zone).plusSeconds(seconds).plusMillis(rng.nextInt(1000));
  }

  private <T> T pick(List<T> items, ToDoubleFunction<T> weight) {
    double total = 0;
    for (T item : items) {
      total += weight.applyAsDouble(item);
    }
    double u = rng.nextDouble() * total;
    for (T item : items) {
      u -= weight.applyAsDouble(item);
      if (u < 0) {
        return item;
      }
    }
    return items.get(items.size() - 1);
  }
}
