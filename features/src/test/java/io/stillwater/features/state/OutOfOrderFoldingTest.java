package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.USER;
import static io.stillwater.features.state.Fixtures.comparable;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch folds an entity's events in event-time order, streaming folds them as they arrive. Both must end in
 * the same feature values, for every as-of time the state supports (at or after newest - 1 h).
 */
class OutOfOrderFoldingTest {

  private static final List<String> QUERIES =
      List.of("cramming for finals", "can't fall asleep", "stressed about work", "morning stretch", "calm my nerves");

  /** Ten days of one user's activity with realistic, non-round measurements. */
  static List<Event> history(long seed) {
    Random r = new Random(seed);
    List<ContentItem> items = Fixtures.CATALOG.items();
    Instant from = AS_OF.minus(Duration.ofDays(10));
    long spanMs = Duration.ofDays(10).toMillis();
    List<Event> events = new ArrayList<>();
    int id = 0;
    for (int i = 0; i < 80; i++) {
      String content = r.nextInt(10) == 0 ? Fixtures.NOT_IN_CATALOG : items.get(r.nextInt(items.size())).contentId();
      Instant start = from.plusMillis((long) (r.nextDouble() * spanMs));
      // One decimal as the app reports; a third of sessions end in their first two minutes.
      double position = r.nextInt(3) == 0 ? r.nextInt(1_200) / 10.0 : r.nextInt(36_000) / 10.0;
      boolean completed = position > 300 && r.nextInt(3) == 0;
      String session = "s-" + i;
      events.add(new ContentStart("e-" + id++, USER, start, content, session));
      if (r.nextInt(8) != 0) {
        Instant end = start.plusMillis((long) (position * 1000));
        events.add(new ContentEnd("e-" + id++, USER, end, content, session, position, completed));
        events.add(Fixtures.progress(start.plusMillis((long) (position * 500)), content, position / 2));
      }
    }
    for (int i = 0; i < 600; i++) {
      Instant ts = from.plusMillis((long) (r.nextDouble() * spanMs));
      Integer steps = r.nextInt(4) == 0 ? null : r.nextInt(900);
      Double bpm = steps != null && r.nextBoolean() ? null : 48 + r.nextInt(900) / 10.0;
      events.add(new Biometric("e-" + id++, USER, ts, steps, bpm, "watch"));
    }
    // A dense last hour, so short windows sum many non-round values.
    for (int i = 0; i < 60; i++) {
      Instant ts = AS_OF.minus(Duration.ofMinutes(60)).plusMillis((long) (r.nextDouble() * 3_600_000));
      events.add(new Biometric("e-" + id++, USER, ts, r.nextInt(90), 55 + r.nextInt(700) / 10.0, "watch"));
    }
    for (int i = 0; i < 8; i++) {
      Instant ts = from.plusMillis((long) (r.nextDouble() * spanMs));
      events.add(Fixtures.search(ts, QUERIES.get(r.nextInt(QUERIES.size()))));
    }
    events.add(Fixtures.impression(AS_OF.minusSeconds(100), List.of(Fixtures.SLEEP, Fixtures.FOCUS)));
    return events;
  }

  static Instant newest(List<Event> events) {
    return events.stream().map(Event::ts).max(Comparator.naturalOrder()).orElseThrow();
  }

  static List<Instant> readTimes(List<Event> events) {
    Instant newest = newest(events);
    return List.of(newest.minus(Duration.ofMinutes(59)), newest.minus(Duration.ofMinutes(7)), newest,
        newest.plusMillis(1), newest.plus(Duration.ofHours(13)), newest.plus(Duration.ofDays(3)),
        newest.plus(Duration.ofDays(8)));
  }

  static List<Event> inTimeOrder(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::ts));
    return sorted;
  }

  static List<Event> shuffled(List<Event> events, long seed) {
    List<Event> copy = new ArrayList<>(events);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  @ParameterizedTest(name = "shuffle seed {0}")
  @ValueSource(longs = {1, 2, 3, 17, 2024})
  void user_features_are_the_same_whatever_order_the_events_are_folded_in(long seed) {
    List<Event> events = history(42);
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState ordered = Fixtures.foldUser(features, inTimeOrder(events));
    UserFeatureState arrival = Fixtures.foldUser(features, shuffled(events, seed));

    for (Instant asOf : readTimes(events)) {
      assertThat(comparable(features.valuesAt(USER, arrival, asOf)))
          .as("asOf %s", asOf)
          .isEqualTo(comparable(features.valuesAt(USER, ordered, asOf)));
    }
  }

  @ParameterizedTest(name = "shuffle seed {0}")
  @ValueSource(longs = {1, 2, 3, 17, 2024})
  void content_features_are_the_same_whatever_order_the_events_are_folded_in(long seed) {
    // All the history's session events, as if they were one item's, so windows hold many of them.
    List<Event> events = history(43).stream()
        .filter(e -> e instanceof ContentStart || e instanceof ContentEnd).toList();
    ContentFeatureState ordered = Fixtures.foldContent(inTimeOrder(events));
    ContentFeatureState arrival = Fixtures.foldContent(shuffled(events, seed));
    ContentFeatures features = new ContentFeatures();

    for (Instant asOf : readTimes(events)) {
      assertThat(features.valuesAt("c", arrival, asOf).values())
          .as("asOf %s", asOf)
          .isEqualTo(features.valuesAt("c", ordered, asOf).values());
    }
  }

  @ParameterizedTest(name = "shuffle seed {0}")
  @ValueSource(longs = {1, 2})
  void streaming_state_encoded_between_events_gives_the_same_values_as_batch(long seed) {
    // A streaming runner keeps the state as bytes between events (StateCodec); batch folds in memory.
    List<Event> events = history(42);
    UserFeatures features = Fixtures.userFeatures();
    UserFeatureState batch = Fixtures.foldUser(features, inTimeOrder(events));
    byte[] stored = StateCodec.encode(new UserFeatureState());
    for (Event e : shuffled(events, seed)) {
      UserFeatureState state = StateCodec.decodeUser(stored);
      features.update(state, e);
      stored = StateCodec.encode(state);
    }
    UserFeatureState streaming = StateCodec.decodeUser(stored);

    for (Instant asOf : readTimes(events)) {
      assertThat(comparable(features.valuesAt(USER, streaming, asOf)))
          .as("asOf %s", asOf)
          .isEqualTo(comparable(features.valuesAt(USER, batch, asOf)));
    }
  }

  @Test
  void the_history_exercises_every_user_feature_with_a_value() {
    // Guards the test above against comparing mostly missing or zero values.
    List<Event> events = history(42);
    UserFeatures features = Fixtures.userFeatures();
    Instant asOf = newest(events).plusMillis(1);
    FeatureVector v = features.valuesAt(USER, Fixtures.foldUser(features, inTimeOrder(events)), asOf);
    Map<String, Object> missing = new LinkedHashMap<>();
    v.values().forEach((k, value) -> {
      if (value == null) {
        missing.put(k, null);
      }
    });
    assertThat(missing).isEmpty();
    assertThat(v.values().get("steps_1h")).isNotEqualTo(0L);
    assertThat(v.values().get("sleep_starts_24h")).isNotEqualTo(0L);
  }
}
