package io.stillwater.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.cli.query.SimulatedLake.DeadLetter;
import io.stillwater.cli.query.SimulatedLake.Session;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.event.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every worked question in docs/analytics.md, run as written (the SQL is read from the doc, so the doc cannot
 * drift from what is tested) on a lake built from a simulated history, and checked against answers computed
 * here in plain Java from the parsed events, dead letters and the prediction log's raw rows.
 */
class WorkedQuestionsTest {

  @TempDir static Path tmp;
  static SimulatedLake lake;
  static LakeSql sql;
  static Map<String, String> questions;

  @BeforeAll
  static void build() throws Exception {
    lake = SimulatedLake.build(tmp, 40, 8, 11);
    sql = new LakeSql(lake.lake.toString(), Optional.of(lake.workspace.resolve("store/registry.json")), lake.catalog);
    questions = AnalyticsDoc.questions();
  }

  @AfterAll
  static void close() throws Exception {
    if (sql != null) {
      sql.close();
    }
  }

  static List<List<Object>> run(String name) throws Exception {
    assertThat(questions).containsKey(name);
    List<List<Object>> rows = sql.query(questions.get(name)).rows();
    assertThat(rows).as(name + " returns rows").isNotEmpty();
    return rows;
  }

  /** Rows compared cell by cell: numbers by value (doubles within rounding), everything else by text. */
  static void assertRows(List<List<Object>> actual, List<List<Object>> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      List<Object> a = actual.get(r);
      List<Object> e = expected.get(r);
      assertThat(a).as("row %d: %s vs %s", r, a, e).hasSameSizeAs(e);
      for (int c = 0; c < e.size(); c++) {
        Object av = a.get(c);
        Object ev = e.get(c);
        if (ev instanceof Double d) {
          assertThat(((Number) av).doubleValue()).as("row %d col %d: %s vs %s", r, c, a, e).isCloseTo(d, org.assertj.core.data.Offset.offset(0.0011));
        } else if (ev instanceof Number n) {
          assertThat(((Number) av).longValue()).as("row %d col %d: %s vs %s", r, c, a, e).isEqualTo(n.longValue());
        } else {
          assertThat(String.valueOf(av)).as("row %d col %d: %s vs %s", r, c, a, e).isEqualTo(String.valueOf(ev));
        }
      }
    }
  }

  static double round(double x, int places) {
    double f = Math.pow(10, places);
    return Math.round(x * f) / f;
  }

  static <T> List<T> of(Class<T> type) {
    return lake.events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static Optional<ContentItem> item(String contentId) {
    return lake.catalog.find(contentId);
  }

  static Instant instant(Object jdbcValue) {
    return ((OffsetDateTime) jdbcValue).toInstant();
  }

  @Test
  void the_doc_has_ten_questions_and_each_is_checked_here() {
    assertThat(questions.keySet()).containsExactlyInAnyOrder("sleep_bounce_rate_by_narrator", "searches_before_focus_plays",
        "recommended_play_rate_by_slot", "calibration_by_decile", "dead_letters_by_problem_per_day", "daily_activity",
        "completion_by_category_and_daypart", "play_rate_by_rank", "serving_by_day_and_generation", "top_content_last_7_days");
  }

  /** The views the query command defines have the columns and DuckDB types the doc's schema tables give. */
  @Test
  void views_have_the_documented_duckdb_columns() throws Exception {
    for (String view : List.of("events", "dead_letters", "predictions", "prediction_features", "generations", "catalog")) {
      Map<String, String> actual = new LinkedHashMap<>();
      for (List<Object> row : sql.query("SELECT column_name, column_type FROM (DESCRIBE " + view + ")").rows()) {
        actual.put((String) row.get(0), (String) row.get(1));
      }
      assertThat(actual).as(view).containsExactlyEntriesOf(AnalyticsDoc.duckDbColumns(view));
    }
    // The training fixture has the label columns only (features are the backfill's; the pipelines test checks those).
    Map<String, String> documented = AnalyticsDoc.duckDbColumns("training_examples");
    for (List<Object> row : sql.query("SELECT column_name, column_type FROM (DESCRIBE training_examples)").rows()) {
      if (!row.get(0).equals("hour_of_day_utc")) {
        assertThat(documented).as("training_examples").containsEntry((String) row.get(0), (String) row.get(1));
      }
    }
  }

  @Test
  void sleep_bounce_rate_by_narrator() throws Exception {
    Map<String, long[]> byNarrator = new TreeMap<>();
    for (Session s : lake.sessions) {
      if (s.item().category().wireName().equals("sleep")) {
        long[] n = byNarrator.computeIfAbsent(s.item().narrator(), k -> new long[2]);
        n[0]++;
        n[1] += s.bounced() ? 1 : 0;
      }
    }
    List<List<Object>> expected = byNarrator.entrySet().stream()
        .map(e -> List.<Object>of(e.getKey(), e.getValue()[0], e.getValue()[1], round((double) e.getValue()[1] / e.getValue()[0], 3)))
        .sorted(Comparator.<List<Object>, Double>comparing(r -> -(Double) r.get(3)).thenComparing(r -> (String) r.get(0)))
        .toList();
    assertThat(expected).hasSizeGreaterThan(1);
    assertRows(run("sleep_bounce_rate_by_narrator"), expected);
  }

  @Test
  void searches_before_focus_plays() throws Exception {
    Map<String, List<Search>> searches = of(Search.class).stream().collect(Collectors.groupingBy(Search::userId));
    Map<String, Long> plays = new HashMap<>();
    Map<String, Set<String>> users = new HashMap<>();
    for (ContentStart start : of(ContentStart.class)) {
      if (!item(start.contentId()).orElseThrow().category().wireName().equals("focus")) {
        continue;
      }
      Search latest = null;
      for (Search s : searches.getOrDefault(start.userId(), List.of())) {
        if (!s.ts().isAfter(start.ts()) && (latest == null || s.ts().isAfter(latest.ts()))) {
          latest = s;
        }
      }
      if (latest != null && Duration.between(latest.ts(), start.ts()).compareTo(Duration.ofMinutes(30)) <= 0) {
        String phrase = latest.query().strip().toLowerCase(Locale.ROOT);
        plays.merge(phrase, 1L, Long::sum);
        users.computeIfAbsent(phrase, k -> new HashSet<>()).add(start.userId());
      }
    }
    List<List<Object>> expected = plays.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(10).map(e -> List.<Object>of(e.getKey(), e.getValue(), (long) users.get(e.getKey()).size())).toList();
    assertThat(expected).hasSizeGreaterThan(2);
    assertRows(run("searches_before_focus_plays"), expected);
  }

  /** Whether the user started the item within an hour after it was shown. */
  static boolean playedWithinAnHour(Map<String, List<ContentStart>> startsByUser, String userId, String contentId, Instant shownAt) {
    return startsByUser.getOrDefault(userId, List.of()).stream().anyMatch(s -> s.contentId().equals(contentId)
        && !s.ts().isBefore(shownAt) && s.ts().isBefore(shownAt.plus(Duration.ofHours(1))));
  }

  @Test
  void recommended_play_rate_by_slot() throws Exception {
    Map<String, List<ContentStart>> starts = of(ContentStart.class).stream().collect(Collectors.groupingBy(ContentStart::userId));
    Map<String, long[]> bySlot = new TreeMap<>();
    for (RecommendationImpression i : of(RecommendationImpression.class)) {
      for (String contentId : i.contentIds()) {
        long[] n = bySlot.computeIfAbsent(i.slot(), k -> new long[2]);
        n[0]++;
        n[1] += playedWithinAnHour(starts, i.userId(), contentId, i.ts()) ? 1 : 0;
      }
    }
    List<List<Object>> expected = bySlot.entrySet().stream()
        .map(e -> List.<Object>of(e.getKey(), e.getValue()[0], e.getValue()[1], round((double) e.getValue()[1] / e.getValue()[0], 4)))
        .toList();
    assertThat(expected).hasSize(5);
    assertThat(expected).allSatisfy(r -> assertThat((Long) r.get(2)).isPositive());
    assertRows(run("recommended_play_rate_by_slot"), expected);
  }

  @Test
  void calibration_by_decile() throws Exception {
    Map<String, List<Session>> sessions = lake.sessions.stream().collect(Collectors.groupingBy(s -> s.userId() + "|" + s.contentId()));
    record Scored(String requestId, String contentId, double probability, boolean completed) {}
    List<Scored> scored = new ArrayList<>();
    for (List<Object> r : lake.rows("SELECT request_id, user_id, content_id, served_at, probability, fallback FROM predictions")) {
      if ((Boolean) r.get(5)) {
        assertThat(r.get(4)).isNull();
        continue;
      }
      Instant servedAt = instant(r.get(3));
      sessions.getOrDefault(r.get(1) + "|" + r.get(2), List.of()).stream().filter(s -> s.start().isAfter(servedAt))
          .min(Comparator.comparing(Session::start))
          .ifPresent(next -> scored.add(new Scored((String) r.get(0), (String) r.get(2), ((Number) r.get(4)).doubleValue(), next.completed())));
    }
    scored.sort(Comparator.comparingDouble(Scored::probability).thenComparing(Scored::requestId).thenComparing(Scored::contentId));
    int n = scored.size();
    List<List<Object>> expected = new ArrayList<>();
    int from = 0;
    for (int decile = 1; decile <= 10; decile++) {
      int size = n / 10 + (decile <= n % 10 ? 1 : 0);
      List<Scored> bucket = scored.subList(from, from + size);
      from += size;
      expected.add(List.of((long) decile, (long) size, round(bucket.stream().mapToDouble(Scored::probability).average().orElseThrow(), 3),
          round(bucket.stream().mapToDouble(s -> s.completed() ? 1 : 0).average().orElseThrow(), 3)));
    }
    assertThat(n).isGreaterThan(100);
    // The simulated model is informative: the top decile completes more often than the bottom one.
    assertThat((Double) expected.get(9).get(3)).isGreaterThan((Double) expected.get(0).get(3));
    assertRows(run("calibration_by_decile"), expected);
  }

  /** A violation's kind: its reason up to the first value (a colon, semicolon, comma, quote, or a number). */
  static String kind(Violation v) {
    String reason = v.reason();
    int end = reason.length();
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      boolean number = Character.isWhitespace(c) && i + 1 < reason.length()
          && (Character.isDigit(reason.charAt(i + 1))
              || (reason.charAt(i + 1) == '-' && i + 2 < reason.length() && Character.isDigit(reason.charAt(i + 2))));
      if (":;,\"'".indexOf(c) >= 0 || number) {
        end = i;
        break;
      }
    }
    return v.field() + ": " + reason.substring(0, end).strip();
  }

  @Test
  void dead_letters_by_problem_per_day() throws Exception {
    Map<LocalDate, Map<String, Long>> counts = new TreeMap<>();
    for (DeadLetter d : lake.deadLetters) {
      counts.computeIfAbsent(d.receivedDate(), k -> new HashMap<>()).merge(kind(d.violations().get(0)), 1L, Long::sum);
    }
    List<List<Object>> expected = new ArrayList<>();
    counts.forEach((date, byProblem) -> byProblem.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> expected.add(List.of(date.toString(), e.getKey(), e.getValue()))));
    assertThat(expected.stream().map(r -> r.get(1)).distinct().count()).isGreaterThan(5);
    assertRows(run("dead_letters_by_problem_per_day"), expected);
  }

  @Test
  void daily_activity() throws Exception {
    Map<LocalDate, List<Event>> byDate = lake.events.stream()
        .collect(Collectors.groupingBy(e -> e.ts().atZone(ZoneOffset.UTC).toLocalDate(), TreeMap::new, Collectors.toList()));
    List<List<Object>> expected = byDate.entrySet().stream().map(e -> List.<Object>of(e.getKey().toString(),
        e.getValue().stream().map(Event::userId).distinct().count(),
        e.getValue().stream().filter(x -> x instanceof ContentStart).count(),
        e.getValue().stream().filter(x -> x instanceof ContentEnd end && end.completed()).count(),
        e.getValue().stream().filter(x -> x instanceof Search).count())).toList();
    assertRows(run("daily_activity"), expected);
  }

  static String daypart(Instant start) {
    int hour = start.atZone(ZoneOffset.UTC).getHour();
    return hour < 6 ? "1 night" : hour < 12 ? "2 morning" : hour < 18 ? "3 afternoon" : "4 evening";
  }

  @Test
  void completion_by_category_and_daypart() throws Exception {
    Map<String, long[]> groups = new TreeMap<>();
    for (Session s : lake.sessions) {
      long[] n = groups.computeIfAbsent(s.item().category().wireName() + "|" + daypart(s.start()), k -> new long[2]);
      n[0]++;
      n[1] += s.completed() ? 1 : 0;
    }
    List<List<Object>> expected = groups.entrySet().stream().map(e -> List.<Object>of(e.getKey().split("\\|")[0],
        e.getKey().split("\\|")[1], e.getValue()[0], round((double) e.getValue()[1] / e.getValue()[0], 3))).toList();
    assertRows(run("completion_by_category_and_daypart"), expected);
  }

  @Test
  void play_rate_by_rank() throws Exception {
    Map<String, List<ContentStart>> starts = of(ContentStart.class).stream().collect(Collectors.groupingBy(ContentStart::userId));
    Map<String, RecommendationImpression> impressions = of(RecommendationImpression.class).stream()
        .collect(Collectors.toMap(RecommendationImpression::requestId, Function.identity()));
    Map<Long, long[]> byRank = new TreeMap<>();
    for (List<Object> r : lake.rows("SELECT request_id, user_id, content_id, rank FROM predictions")) {
      RecommendationImpression shown = impressions.get((String) r.get(0));
      long[] n = byRank.computeIfAbsent(((Number) r.get(3)).longValue(), k -> new long[2]);
      n[0]++;
      n[1] += playedWithinAnHour(starts, (String) r.get(1), (String) r.get(2), shown.ts()) ? 1 : 0;
    }
    List<List<Object>> expected = byRank.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue()[0],
        e.getValue()[1], round((double) e.getValue()[1] / e.getValue()[0], 4))).toList();
    assertThat(expected).hasSizeGreaterThan(2);
    assertRows(run("play_rate_by_rank"), expected);
  }

  @Test
  void serving_by_day_and_generation() throws Exception {
    Map<String, Set<String>> requests = new TreeMap<>();
    Map<String, Set<String>> fallbacks = new HashMap<>();
    for (List<Object> r : lake.rows("SELECT request_id, served_at, generation, model_id, fallback FROM predictions")) {
      String key = instant(r.get(1)).atZone(ZoneOffset.UTC).toLocalDate() + "|" + r.get(2) + "|" + r.get(3);
      requests.computeIfAbsent(key, k -> new HashSet<>()).add((String) r.get(0));
      if ((Boolean) r.get(4)) {
        fallbacks.computeIfAbsent(key, k -> new HashSet<>()).add((String) r.get(0));
      }
    }
    Map<Integer, String> slots = Map.of(1, "blue", 2, "green");
    List<List<Object>> expected = requests.entrySet().stream().map(e -> {
      String[] k = e.getKey().split("\\|");
      int generation = Integer.parseInt(k[1]);
      return List.<Object>of(k[0], (long) generation, slots.get(generation), k[2], (long) e.getValue().size(),
          (long) fallbacks.getOrDefault(e.getKey(), Set.of()).size(), generation == 2);
    }).toList();
    assertThat(expected.stream().map(r -> r.get(1)).distinct()).hasSize(2);
    assertThat(expected.stream().mapToLong(r -> (Long) r.get(5)).sum()).isPositive();
    assertRows(run("serving_by_day_and_generation"), expected);
  }

  @Test
  void top_content_last_7_days() throws Exception {
    Instant latest = lake.sessions.stream().map(Session::start).max(Comparator.naturalOrder()).orElseThrow();
    Map<String, long[]> byItem = new LinkedHashMap<>();
    for (Session s : lake.sessions) {
      if (!s.start().isBefore(latest.minus(Duration.ofDays(7)))) {
        long[] n = byItem.computeIfAbsent(s.item().title() + "|" + s.item().category().wireName() + "|" + s.item().narrator(), k -> new long[2]);
        n[0]++;
        n[1] += s.completed() ? 1 : 0;
      }
    }
    List<List<Object>> expected = byItem.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparing(e -> e.getKey().split("\\|")[0]))
        .limit(10).map(e -> {
          String[] k = e.getKey().split("\\|");
          return List.<Object>of(k[0], k[1], k[2], e.getValue()[0], round((double) e.getValue()[1] / e.getValue()[0], 3));
        }).toList();
    assertRows(run("top_content_last_7_days"), expected);
  }
}
