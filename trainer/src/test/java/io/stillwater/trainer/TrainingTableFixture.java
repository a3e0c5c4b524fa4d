package io.stillwater.trainer;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.Bounce;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.Simulator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Builds a lake training table ({@code training/date=YYYY-MM-DD/*.parquet}) the way the batch backfill does,
 * without Beam: simulate a history, fold each user's and each item's events in (ts, event_id) order through the
 * features module, read a session's values at its content_start before folding it in, and write the rows with
 * DuckDB. Mirrors pipelines' ComputeUserFeatures / ComputeContentFeatures / BuildTrainingExamples.
 */
public final class TrainingTableFixture {

  public static final LocalDate END = LocalDate.of(2026, 11, 28);
  static final int USERS = 400;
  static final int DAYS = 21;
  private static final Map<String, Path> CACHE = new HashMap<>();

  private TrainingTableFixture() {}

  /** A shared simulated lake (built once, reused by later runs): DAYS days of USERS users ending {@link #END}. */
  static synchronized Path simulatedTrainingDir() {
    return CACHE.computeIfAbsent("sim", k -> build(USERS, DAYS, 7L));
  }

  public static Path build(int users, int days, long seed) {
    try {
      Path root = Path.of("target", "fixtures", "sim-" + users + "-" + days + "-" + seed).toAbsolutePath();
      Path training = root.resolve("lake").resolve("training");
      Path marker = root.resolve("_done-" + FeatureRegistry.schemaVersion());
      if (Files.exists(marker) && Files.isDirectory(training)) {
        return training; // built by an earlier run of this test JVM or a previous build (same parameters, same schema)
      }
      deleteRecursively(root);
      Path events = root.resolve("events");
      Catalog catalog = CatalogLoader.loadDefault();
      new HistoryWriter(new Simulator(catalog, new SimulationConfig(users, days, seed, END, 0.0)), events)
          .write((d, n, done, total) -> {});
      List<Map<String, Object>> rows = rows(readEvents(events), catalog);
      write(rows, training, root.resolve("rows.csv"));
      Files.deleteIfExists(root.resolve("rows.csv"));
      Files.writeString(marker, "ok");
      return training;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Event> readEvents(Path dir) throws IOException {
    Map<String, Event> byId = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            Event e = EventJson.read(line);
            byId.merge(e.eventId(), e, (a, b) -> a.ts().isAfter(b.ts()) ? b : a);
          }
        }
      }
    }
    List<Event> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(Event::ts).thenComparing(Event::eventId));
    return all;
  }

  private record Pending(ContentStart start, FeatureVector user) {}

  static List<Map<String, Object>> rows(List<Event> sorted, Catalog catalog) {
    SearchFeatures search = SearchFeatures.withSharedModel(catalog);
    UserFeatures userFeatures = new UserFeatures(catalog, search);
    ContentFeatures contentFeatures = new ContentFeatures();
    ContextFeatures context = new ContextFeatures(search);
    Map<String, UserFeatureState> users = new HashMap<>();
    Map<String, ContentFeatureState> contents = new HashMap<>();
    Map<String, FeatureVector> contentAtStart = new HashMap<>();
    Map<String, Pending> open = new HashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    // Each entity's events in (ts, event_id) order: one global pass in that order is the same per entity.
    for (Event event : sorted) {
      UserFeatureState us = users.computeIfAbsent(event.userId(), u -> new UserFeatureState());
      if (event instanceof ContentStart start && catalog.find(start.contentId()).isPresent()) {
        open.put(start.sessionId(), new Pending(start, userFeatures.valuesAt(start.userId(), us, start.ts())));
      } else if (event instanceof ContentEnd end) {
        Pending p = open.remove(end.sessionId());
        if (p != null && p.start().contentId().equals(end.contentId()) && contentAtStart.containsKey(end.sessionId())) {
          rows.add(row(p, end, contentAtStart.remove(end.sessionId()), catalog, context));
        }
      }
      userFeatures.update(us, event);
      String contentId = event instanceof ContentStart s ? s.contentId() : event instanceof ContentEnd e ? e.contentId() : null;
      if (contentId != null) {
        ContentFeatureState cs = contents.computeIfAbsent(contentId, c -> new ContentFeatureState());
        if (event instanceof ContentStart s) {
          contentAtStart.put(s.sessionId(), contentFeatures.valuesAt(contentId, cs, s.ts()));
        }
        contentFeatures.update(cs, event);
      }
    }
    return rows;
  }

  private static Map<String, Object> row(Pending p, ContentEnd end, FeatureVector content, Catalog catalog, ContextFeatures context) {
    ContentItem item = catalog.find(p.start().contentId()).orElseThrow();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("user_id", p.start().userId());
    row.put("content_id", p.start().contentId());
    row.put("session_id", p.start().sessionId());
    row.put("start_ms", p.start().ts().toEpochMilli());
    row.put("end_ms", end.ts().toEpochMilli());
    row.put("completed", end.completed());
    row.put("bounced", Bounce.is(end));
    row.put("fraction_played", Math.min(1.0, end.positionS() / item.durationS()));
    row.put("category", item.category().wireName());
    row.put("narrator", item.narrator());
    row.put("duration_s", (long) item.durationS());
    row.put("feature_schema_version", FeatureRegistry.schemaVersion());
    row.putAll(p.user().values());
    row.putAll(content.values());
    row.putAll(context.valuesAt(p.user(), p.start().contentId(), p.start().ts()).values());
    return row;
  }

  /** Writes rows (as {@link #rows} makes them) as a Hive-partitioned Parquet training table. */
  static void write(List<Map<String, Object>> rows, Path trainingDir, Path csv) throws IOException {
    write(rows, trainingDir, csv, FeatureRegistry.all());
  }

  static void write(List<Map<String, Object>> rows, Path trainingDir, Path csv, List<FeatureDefinition> features) throws IOException {
    try {
      writeUnchecked(rows, trainingDir, csv, features);
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
  }

  private static void writeUnchecked(List<Map<String, Object>> rows, Path trainingDir, Path csv, List<FeatureDefinition> features) throws IOException, java.sql.SQLException {
    Files.createDirectories(csv.getParent());
    List<String> base = List.of("user_id", "content_id", "session_id", "start_ms", "end_ms", "completed", "bounced",
        "fraction_played", "category", "narrator", "duration_s", "feature_schema_version");
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(base);
      features.forEach(f -> header.add(f.name()));
      header.add("date");
      w.write(String.join("\t", header));
      w.write('\n');
      for (Map<String, Object> r : rows) {
        List<String> cells = new ArrayList<>();
        for (String b : base) {
          cells.add(String.valueOf(r.get(b)));
        }
        for (FeatureDefinition f : features) {
          Object v = r.get(f.name());
          if (v == null) {
            cells.add("");
          } else if (v instanceof float[] fl) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < fl.length; i++) {
              sb.append(i == 0 ? "" : ",").append(fl[i]);
            }
            cells.add(sb.append(']').toString());
          } else {
            cells.add(String.valueOf(v));
          }
        }
        cells.add(Instant.ofEpochMilli((Long) r.get("start_ms")).atZone(ZoneOffset.UTC).toLocalDate().toString());
        w.write(String.join("\t", cells));
        w.write('\n');
      }
    }
    StringBuilder columns = new StringBuilder("{'user_id':'VARCHAR','content_id':'VARCHAR','session_id':'VARCHAR',"
        + "'start_ms':'BIGINT','end_ms':'BIGINT','completed':'BOOLEAN','bounced':'BOOLEAN','fraction_played':'DOUBLE',"
        + "'category':'VARCHAR','narrator':'VARCHAR','duration_s':'BIGINT','feature_schema_version':'VARCHAR'");
    StringBuilder select = new StringBuilder("SELECT user_id, content_id, session_id, to_timestamp(start_ms / 1000.0) AS start_ts, "
        + "to_timestamp(end_ms / 1000.0) AS end_ts, completed, bounced, fraction_played, category, narrator, duration_s, feature_schema_version");
    for (FeatureDefinition f : features) {
      String type = f.type() == ValueType.COUNT ? "BIGINT" : f.type() == ValueType.NUMBER ? "DOUBLE" : "VARCHAR";
      columns.append(",'").append(f.name()).append("':'").append(type).append("'");
      select.append(", ").append(f.type() == ValueType.VECTOR ? "CAST(\"" + f.name() + "\" AS FLOAT[]) AS \"" + f.name() + "\"" : "\"" + f.name() + "\"");
    }
    columns.append(",'date':'VARCHAR'}");
    select.append(", date FROM read_csv('").append(csv.toAbsolutePath()).append("', delim='\\t', header=true, nullstr='', columns=")
        .append(columns).append(")");
    Files.createDirectories(trainingDir);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET autoinstall_known_extensions = false");
      st.execute("SET autoload_known_extensions = false");
      st.execute("COPY (" + select + ") TO '" + trainingDir.toAbsolutePath()
          + "' (FORMAT PARQUET, PARTITION_BY (date), OVERWRITE_OR_IGNORE true)");
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** Entities, for tests that need a feature's entity. */
  static List<FeatureDefinition> of(Entity e) {
    return FeatureRegistry.forEntity(e);
  }
}
