package io.stillwater.featurestore.snapshot;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.store.StoredState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One batch snapshot: {@code <lake>/snapshots/asof=YYYYMMDDTHHMMSSZ/entity=user|content/*.parquet}, read with
 * DuckDB (columns entity_id, as_of, newest_event_ts, state, feature_schema_version, feature columns). Only
 * entity_id, newest_event_ts and state are loaded: values are recomputed from state at read time.
 */
public final class Snapshot implements AutoCloseable {

  public static final DateTimeFormatter AS_OF_DIR = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Connection db;

  private Snapshot(Path dir) throws SQLException {
    this.dir = dir;
    this.db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = db.createStatement()) {
      st.execute("SET autoinstall_known_extensions=false");
      st.execute("SET autoload_known_extensions=false");
    }
  }

  /** Opens a snapshot directory ({@code …/asof=…}); refuses one without entity=user or entity=content files. */
  public static Snapshot open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no snapshot directory " + dir);
    }
    for (Entity e : List.of(Entity.USER, Entity.CONTENT)) {
      if (!Files.isDirectory(dir.resolve("entity=" + e.wireName()))) {
        throw new IllegalArgumentException("not a snapshot (no entity=" + e.wireName() + "/): " + dir);
      }
    }
    try {
      return new Snapshot(dir.toAbsolutePath());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  /** The newest snapshot under {@code <lake>/snapshots}, by its as-of directory name. */
  public static Path latest(Path lake) {
    Path root = lake.resolve("snapshots");
    try (var s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("asof=")).max(Path::compareTo)
          .orElseThrow(() -> new IllegalArgumentException("no snapshots under " + root));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("no snapshots under " + root);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The as-of of the snapshot from its directory name: the backfill watermark. */
  public Instant asOf() {
    String name = dir.getFileName().toString();
    if (name.startsWith("asof=")) {
      try {
        return Instant.from(AS_OF_DIR.parse(name.substring(5)));
      } catch (DateTimeParseException e) {
        // fall through to the column
      }
    }
    return query("SELECT max(as_of) FROM " + source(Entity.USER), rs -> rs.getTimestamp(1).toInstant());
  }

  String source(Entity entity) {
    String glob = dir.resolve("entity=" + entity.wireName()).resolve("*.parquet").toString().replace("'", "''");
    return "read_parquet('" + glob + "', hive_partitioning=false)";
  }

  public long count(Entity entity) {
    return query("SELECT count(*) FROM " + source(entity), rs -> rs.getLong(1));
  }

  /** The snapshot's feature-schema version; refuses a snapshot that mixes versions. */
  public String featureSchemaVersion() {
    List<String> versions = new ArrayList<>();
    for (Entity e : List.of(Entity.USER, Entity.CONTENT)) {
      if (count(e) == 0) {
        continue;
      }
      query("SELECT DISTINCT feature_schema_version FROM " + source(e), rs -> {
        do {
          if (!versions.contains(rs.getString(1))) {
            versions.add(rs.getString(1));
          }
        } while (rs.next());
        return null;
      });
    }
    if (versions.size() > 1) {
      throw new IllegalArgumentException("snapshot " + dir + " mixes feature-schema versions " + versions);
    }
    return versions.isEmpty() ? null : versions.get(0);
  }

  private static final String ROW = "entity_id, epoch_ms(newest_event_ts) AS newest_ms, state";

  /** Streams every row of one entity to {@code sink} in batches of {@code batchSize}. */
  public void read(Entity entity, int batchSize, Consumer<List<StoredState>> sink) {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + ROW + " FROM " + source(entity))) {
      List<StoredState> batch = new ArrayList<>(batchSize);
      while (rs.next()) {
        batch.add(row(entity, rs));
        if (batch.size() == batchSize) {
          sink.accept(batch);
          batch = new ArrayList<>(batchSize);
        }
      }
      if (!batch.isEmpty()) {
        sink.accept(batch);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading snapshot " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A deterministic sample of up to {@code n} rows (the same rows every time for the same snapshot). */
  public Map<String, StoredState> sample(Entity entity, int n) {
    Map<String, StoredState> out = new LinkedHashMap<>();
    String sql = "SELECT " + ROW + " FROM " + source(entity) + " ORDER BY hash(entity_id), entity_id LIMIT " + n;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        StoredState s = row(entity, rs);
        out.put(s.id(), s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading snapshot " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static final java.util.Set<String> NOT_FEATURES =
      java.util.Set.of("entity_id", "as_of", "newest_event_ts", "state", "feature_schema_version");

  /** The feature columns (everything but the row's metadata and state) of the given ids. */
  public Map<String, Map<String, Object>> featureColumns(Entity entity, Collection<String> ids) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    StringBuilder in = new StringBuilder();
    for (String id : ids) {
      in.append(in.length() == 0 ? "" : ", ").append('\'').append(id.replace("'", "''")).append('\'');
    }
    String sql = "SELECT * FROM " + source(entity) + " WHERE entity_id IN (" + in + ")";
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      var meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> cols = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String name = meta.getColumnName(i);
          if (!NOT_FEATURES.contains(name)) {
            Object v = rs.getObject(i);
            cols.put(name, v instanceof Number || v == null ? v : v.toString());
          }
        }
        out.put(rs.getString("entity_id"), cols);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading snapshot " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static StoredState row(Entity entity, ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    long newest = rs.getLong(2);
    if (rs.wasNull()) {
      newest = StoredState.NO_EVENTS;
    }
    Blob blob = rs.getBlob(3);
    byte[] state = blob.getBytes(1, (int) blob.length());
    return new StoredState(entity, id, newest, state);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, Row<T> reader) {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        return null;
      }
      return reader.read(rs);
    } catch (SQLException e) {
      throw new IllegalStateException("reading snapshot " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a snapshot directory in the backfill's layout from rows (for tests and benchmarks): entity_id,
   * as_of, newest_event_ts, state, feature_schema_version. Feature columns are left out.
   */
  public static Path write(Path lake, Instant asOf, String schemaVersion, Collection<StoredState> rows) {
    Path dir = lake.resolve("snapshots").resolve("asof=" + AS_OF_DIR.format(asOf));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET autoinstall_known_extensions=false");
      st.execute("SET autoload_known_extensions=false");
      for (Entity e : List.of(Entity.USER, Entity.CONTENT)) {
        // Staged through the appender (batched JDBC inserts are slow); state as hex, turned into a BLOB by unhex.
        st.execute("CREATE OR REPLACE TABLE rows_" + e.wireName() + " (entity_id VARCHAR, newest_ms BIGINT, state_hex VARCHAR)");
        try (DuckDBAppender app = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
            "rows_" + e.wireName())) {
          for (StoredState s : rows) {
            if (s.entity() != e) {
              continue;
            }
            app.beginRow().append(s.id());
            if (s.newestEventMs() == StoredState.NO_EVENTS) {
              app.appendNull();
            } else {
              app.append(s.newestEventMs());
            }
            app.append(HexFormat.of().formatHex(s.state())).endRow();
          }
        }
        Path out = dir.resolve("entity=" + e.wireName());
        Files.createDirectories(out);
        st.execute("COPY (SELECT entity_id, make_timestamp(" + asOf.toEpochMilli() * 1000 + ") AS as_of,"
            + " make_timestamp(newest_ms * 1000) AS newest_event_ts, unhex(state_hex) AS state,"
            + " '" + schemaVersion.replace("'", "''") + "' AS feature_schema_version FROM rows_" + e.wireName()
            + ") TO '" + out.resolve("part-0.parquet").toString().replace("'", "''") + "' (FORMAT parquet)");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("writing snapshot " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // nothing to do
    }
  }
}
