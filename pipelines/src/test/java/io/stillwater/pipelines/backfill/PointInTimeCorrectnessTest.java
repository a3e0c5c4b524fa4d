package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.contract.event.Validation;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.pipelines.DuckDb;
import io.stillwater.simulator.SimulationSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time correctness over simulated data: a sample of training rows is recomputed independently, from
 * only the events strictly before each session's start (folded in a random order), and must match exactly.
 * Any use of the session's own events or of later events would show up as a difference.
 */
class PointInTimeCorrectnessTest {

  static final Instant UNTIL = SimulatedHistories.END.atStartOfDay(ZoneOffset.UTC).toInstant();

  @TempDir static Path tmp;
  static Path lake;
  static List<Event> history;
  static Catalog catalog = CatalogLoader.loadDefault();

  @BeforeAll
  static void backfill() throws IOException {
    Path events = tmp.resolve("events");
    SimulationSummary simulation = SimulatedHistories.write(events, 30, 5, 17, 0.02);
    lake = tmp.resolve("lake");
    BackfillResult result = BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, lake, "2026-11-28"));
    assertThat(result.ok()).isTrue();
    assertThat(simulation.lines()).isPositive();
    history = independentlyParsed(events);
  }

  /** Every distinct valid event before the watermark, read without any pipeline code. */
  static List<Event> independentlyParsed(Path dir) throws IOException {
    EventValidator validator = new EventValidator(catalog.contentIds(),
        Clock.fixed(Instant.parse(SimulatedHistories.STARTED_AT), ZoneOffset.UTC));
    Map<String, Event> byId = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (validator.validate(line) instanceof Validation.Accepted a && a.event().ts().isBefore(UNTIL)) {
              byId.putIfAbsent(a.event().eventId(), a.event());
            }
          }
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  @Test
  void sampled_training_rows_equal_a_recomputation_from_strictly_earlier_events() {
    List<FeatureDefinition> scalar = Stream.of(Entity.USER, Entity.CONTENT)
        .flatMap(e -> FeatureRegistry.forEntity(e).stream())
        .filter(f -> f.type() != ValueType.VECTOR)
        .toList();
    String columns = scalar.stream().map(FeatureDefinition::name).collect(Collectors.joining(", "));
    List<String> rows = DuckDb.rows("SELECT session_id, user_id, content_id, epoch_ms(start_ts), " + columns
        + " FROM " + DuckDb.table(lake.resolve("training").toString()) + " ORDER BY hash(session_id) LIMIT 60");
    assertThat(rows).hasSize(60);

    UserFeatures userFeatures = new UserFeatures(catalog, SearchFeatures.withSharedModel(catalog));
    ContentFeatures contentFeatures = new ContentFeatures();
    Random random = new Random(5);
    for (String row : rows) {
      String[] cells = row.split("\\|", -1);
      String sessionId = cells[0];
      String userId = cells[1];
      String contentId = cells[2];
      Instant start = Instant.ofEpochMilli(Long.parseLong(cells[3]));

      List<Event> userBefore = new ArrayList<>(history.stream()
          .filter(e -> e.userId().equals(userId) && e.ts().isBefore(start)).toList());
      Collections.shuffle(userBefore, random);
      UserFeatureState userState = new UserFeatureState();
      userBefore.forEach(e -> userFeatures.update(userState, e));
      FeatureVector user = userFeatures.valuesAt(userId, userState, start);

      List<Event> contentBefore = new ArrayList<>(history.stream()
          .filter(e -> e.ts().isBefore(start) && contentIdOf(e).equals(contentId)).toList());
      Collections.shuffle(contentBefore, random);
      ContentFeatureState contentState = new ContentFeatureState();
      contentBefore.forEach(e -> contentFeatures.update(contentState, e));
      FeatureVector content = contentFeatures.valuesAt(contentId, contentState, start);

      for (int i = 0; i < scalar.size(); i++) {
        FeatureDefinition f = scalar.get(i);
        FeatureVector expected = f.entity() == Entity.USER ? user : content;
        String actual = cells[4 + i];
        String where = "session " + sessionId + ", feature " + f.name();
        if (expected.isMissing(f.name())) {
          assertThat(actual).as(where).isEqualTo("NULL");
        } else {
          assertThat(Double.parseDouble(actual)).as(where).isCloseTo(expected.number(f.name()).getAsDouble(), within(1e-9));
        }
      }
    }
  }

  private static String contentIdOf(Event e) {
    if (e instanceof ContentStart s) {
      return s.contentId();
    }
    if (e instanceof ContentEnd end) {
      return end.contentId();
    }
    return "";
  }
}
