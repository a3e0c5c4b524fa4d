package io.stillwater.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Search;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated history carries the structure the platform exists to find. */
class PersonaStructureTest {

  @TempDir static Path tmp;
  static SimulatedHistory h;
  static List<Session> sessions;

  record Session(String userId, Persona persona, ContentItem item, Instant start, boolean completed, double positionS) {
    boolean bounced() {
      return !completed && positionS < 120;
    }
  }

  @BeforeAll
  static void simulate() {
    h = new SimulatedHistory(tmp, 400, 14, 11);
    Map<String, ContentStart> starts = h.acceptedOf(ContentStart.class).stream()
        .collect(Collectors.toMap(ContentStart::sessionId, s -> s, (a, b) -> a));
    sessions = h.acceptedOf(ContentEnd.class).stream()
        .filter(e -> starts.containsKey(e.sessionId()))
        .map(e -> {
          ContentStart s = starts.get(e.sessionId());
          return new Session(s.userId(), h.personaOf.get(s.userId()), h.catalog.find(s.contentId()).orElseThrow(), s.ts(),
              e.completed(), e.positionS());
        })
        .distinct()
        .toList();
  }

  @Test
  void sleep_strugglers_bounce_off_sleep_stories_but_not_soundscapes() {
    double stories = bounceRate(s -> s.persona() == Persona.SLEEP_STRUGGLER && firstTheme(s, Category.SLEEP, "story"));
    double soundscapes = bounceRate(s -> s.persona() == Persona.SLEEP_STRUGGLER && firstTheme(s, Category.SLEEP, "soundscape"));
    assertThat(stories).isGreaterThan(0.45);
    assertThat(soundscapes).isLessThan(0.25);
  }

  @Test
  void sleep_stories_suit_other_personas_better_than_sleep_strugglers() {
    double strugglers = bounceRate(s -> s.persona() == Persona.SLEEP_STRUGGLER && firstTheme(s, Category.SLEEP, "story"));
    double others = bounceRate(s -> s.persona() != Persona.SLEEP_STRUGGLER && firstTheme(s, Category.SLEEP, "story"));
    assertThat(strugglers - others).isGreaterThan(0.2);
  }

  @Test
  void students_searches_are_followed_by_focus_plays_far_more_often_than_others() {
    double students = focusAfterSearch(p -> p == Persona.STUDENT);
    double others = focusAfterSearch(p -> p != Persona.STUDENT);
    assertThat(students).isGreaterThan(0.8);
    assertThat(others).isLessThan(0.15);
  }

  @Test
  void runners_steps_in_the_hour_before_movement_plays_exceed_their_daily_mean() {
    Map<String, List<Biometric>> samples = h.acceptedOf(Biometric.class).stream()
        .filter(b -> h.personaOf.get(b.userId()) == Persona.RUNNER && b.steps() != null)
        .collect(Collectors.groupingBy(Biometric::userId));
    double hourlyMean = samples.values().stream().flatMap(List::stream).mapToLong(Biometric::steps).sum()
        / (double) (samples.size() * 24L * h.config.days());
    double beforeMovement = sessions.stream()
        .filter(s -> s.persona() == Persona.RUNNER && s.item().category() == Category.MOVEMENT && samples.containsKey(s.userId()))
        .mapToLong(s -> samples.get(s.userId()).stream()
            .filter(b -> b.ts().isAfter(s.start().minus(Duration.ofHours(1))) && !b.ts().isAfter(s.start()))
            .mapToLong(Biometric::steps).sum())
        .average().orElseThrow();
    assertThat(beforeMovement).isGreaterThan(3 * hourlyMean);
  }

  @Test
  void stressed_users_have_higher_heart_rates_and_reach_for_stress_and_anxiety_content() {
    Map<Boolean, Double> medianHeartRate = new HashMap<>();
    for (boolean stressed : new boolean[] {true, false}) {
      List<Double> rates = h.acceptedOf(Biometric.class).stream()
          .filter(b -> b.heartRateBpm() != null && (h.personaOf.get(b.userId()) == Persona.STRESSED) == stressed)
          .map(Biometric::heartRateBpm).sorted().toList();
      medianHeartRate.put(stressed, rates.get(rates.size() / 2));
    }
    assertThat(medianHeartRate.get(true) - medianHeartRate.get(false)).isGreaterThan(10);

    Predicate<Session> stressContent = s -> s.item().category() == Category.STRESS || s.item().category() == Category.ANXIETY;
    assertThat(share(s -> s.persona() == Persona.STRESSED, stressContent)).isGreaterThan(0.6);
    assertThat(share(s -> s.persona() != Persona.STRESSED, stressContent)).isLessThan(0.15);
  }

  @Test
  void sessions_are_mostly_in_each_personas_home_category() {
    for (Persona p : Persona.values()) {
      // Stressed users split between stress and anxiety content.
      Predicate<Session> home = p == Persona.STRESSED
          ? s -> s.item().category() == Category.STRESS || s.item().category() == Category.ANXIETY
          : s -> s.item().category() == p.home();
      assertThat(share(s -> s.persona() == p, home)).as(p.name()).isGreaterThan(0.45);
    }
  }

  private static boolean firstTheme(Session s, Category category, String theme) {
    return s.item().category() == category && s.item().themes().get(0).equals(theme);
  }

  private static double bounceRate(Predicate<Session> which) {
    return share(which, Session::bounced);
  }

  private static double share(Predicate<Session> which, Predicate<Session> what) {
    List<Session> selected = sessions.stream().filter(which).toList();
    assertThat(selected).hasSizeGreaterThan(30);
    return selected.stream().filter(what).count() / (double) selected.size();
  }

  /** Of a group's searches, the share followed within ten minutes by a focus play. */
  private static double focusAfterSearch(Predicate<Persona> group) {
    Map<String, List<Session>> byUser = sessions.stream().collect(Collectors.groupingBy(Session::userId));
    List<Search> searches = h.acceptedOf(Search.class).stream().filter(s -> group.test(h.personaOf.get(s.userId()))).toList();
    assertThat(searches).hasSizeGreaterThan(30);
    long focus = searches.stream().filter(search -> {
      Optional<Session> next = byUser.getOrDefault(search.userId(), List.of()).stream()
          .filter(s -> s.start().isAfter(search.ts()) && s.start().isBefore(search.ts().plus(Duration.ofMinutes(10))))
          .min(Comparator.comparing(Session::start));
      return next.isPresent() && next.get().item().category() == Category.FOCUS;
    }).count();
    return focus / (double) searches.size();
  }
}
