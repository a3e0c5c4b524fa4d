package io.stillwater.cli.query;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.ContentItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SQL over a lake with DuckDB, in-process: each lake table is a view over its Hive-partitioned Parquet files
 * (so analysts write {@code SELECT … FROM events} instead of file globs), plus {@code catalog} (the content
 * catalog, to name and categorize content ids) and {@code generations} (the feature store's registry history).
 * The tables and their columns are documented in docs/analytics.md.
 */
public final class LakeSql implements AutoCloseable {

  /** A lake table: the view's name, the folder the writer uses, and the glob under that folder. */
  record Table(String view, String folder, String glob, String writtenBy) {}

  /** The lake's tables, in the order the docs list them. */
  static final List<Table> TABLES = List.of(
      new Table("events", "events", "*/*.parquet", "./stillwater backfill"),
      new Table("dead_letters", "dead_letter", "*/*.parquet", "./stillwater backfill"),
      new Table("training_examples", "training", "*/*.parquet", "./stillwater backfill"),
      // asof=…/entity=user|content/: both entities in one view; union_by_name because their feature columns differ.
      new Table("snapshots", "snapshots", "*/*/*.parquet", "./stillwater backfill"),
      new Table("predictions", "predictions", "*/*.parquet", "the serving API's prediction log"),
      new Table("prediction_features", "prediction_features", "*/*.parquet", "the serving API's prediction log"));

  /** A query's result: column names, their DuckDB types, and rows of values as DuckDB returned them. */
  public record Result(List<String> columns, List<String> types, List<List<Object>> rows) {}

  private final Connection connection;
  private final String lake;
  private final Map<String, String> views = new LinkedHashMap<>();
  private final Map<String, String> missing = new LinkedHashMap<>();

  /**
   * @param lake the lake root: a local directory or an {@code s3://bucket/prefix} URI
   * @param registry the file registry ({@code <workspace>/store/registry.json}) if there is one
   * @param catalog the content catalog, as the {@code catalog} view
   */
  public LakeSql(String lake, Optional<Path> registry, Catalog catalog) throws SQLException {
    this.lake = lake.endsWith("/") ? lake.substring(0, lake.length() - 1) : lake;
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try {
      defineViews(registry, catalog);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private void defineViews(Optional<Path> registry, Catalog catalog) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // Never reach for the network to fetch extensions: Parquet and JSON readers are built in.
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET TimeZone = 'UTC'");
      if (isRemote(this.lake)) {
        enableS3(s);
      }
      for (Table t : TABLES) {
        String glob = this.lake + "/" + t.folder() + "/" + t.glob();
        if (hasFiles(s, glob)) {
          // Snapshots: both entities' feature columns (union_by_name); the asof=… folder is dropped since as_of
          // carries the same instant typed (and ASOF is an SQL keyword).
          boolean snapshots = t.view().equals("snapshots");
          s.execute("CREATE VIEW " + t.view() + " AS SELECT *" + (snapshots ? " EXCLUDE (\"asof\")" : "")
              + " FROM read_parquet(" + literal(glob) + ", hive_partitioning = true"
              + (snapshots ? ", union_by_name = true" : "") + ")");
          views.put(t.view(), glob);
        } else {
          missing.put(t.view(), "no files match " + glob + " (written by " + t.writtenBy() + ")");
        }
      }
      if (registry.isPresent() && Files.isRegularFile(registry.get())) {
        s.execute(generationsView(registry.get()));
        views.put("generations", registry.get().toString());
      } else {
        missing.put("generations", "no generation registry file"
            + registry.map(r -> " at " + r).orElse("") + " (./stillwater generation load writes it)");
      }
      createCatalog(catalog);
      views.put("catalog", "the content catalog");
    }
  }

  /** Whether the lake root is a URI (s3://…) rather than a local path. */
  public static boolean isRemote(String lake) {
    return lake.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /**
   * s3:// needs DuckDB's httpfs extension. It is not built into the JDBC driver and autoinstall is off (no
   * surprise downloads), so if it is not already installed this fails at once with what to do, rather than
   * trying the network.
   */
  private static void enableS3(Statement s) throws SQLException {
    try {
      s.execute("LOAD httpfs");
    } catch (SQLException e) {
      throw new LakeException("reading an s3:// lake needs DuckDB's httpfs extension, which is not installed here "
          + "(autoinstall is off). Install it once where the internet is reachable (duckdb -c 'INSTALL httpfs', "
          + "same DuckDB version, into ~/.duckdb/extensions), or copy the lake locally (aws s3 sync s3://… ./lake) "
          + "and pass --lake ./lake. DuckDB said: " + firstLine(e.getMessage()));
    }
    String keyId = System.getenv("AWS_ACCESS_KEY_ID");
    if (keyId != null) {
      StringBuilder secret = new StringBuilder("CREATE SECRET stillwater_s3 (TYPE s3, KEY_ID " + literal(keyId)
          + ", SECRET " + literal(Optional.ofNullable(System.getenv("AWS_SECRET_ACCESS_KEY")).orElse("")));
      Optional.ofNullable(System.getenv("AWS_SESSION_TOKEN")).ifPresent(t -> secret.append(", SESSION_TOKEN ").append(literal(t)));
      Optional.ofNullable(System.getenv("AWS_REGION")).or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
          .ifPresent(r -> secret.append(", REGION ").append(literal(r)));
      Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).ifPresent(url -> secret
          .append(", ENDPOINT ").append(literal(url.replaceFirst("^https?://", "")))
          .append(", URL_STYLE 'path', USE_SSL ").append(url.startsWith("https") ? "true" : "false"));
      s.execute(secret.append(")").toString());
    }
  }

  private static boolean hasFiles(Statement s, String glob) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM glob(" + literal(glob) + ")")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /** One row per generation the registry has ever recorded, with whether it is live (or was live before it). */
  static String generationsView(Path registry) {
    String columns = "{version: 'BIGINT', live: 'INTEGER', previous_live: 'INTEGER', generations: "
        + "'STRUCT(generation INTEGER, slot VARCHAR, model_id VARCHAR, feature_schema_version VARCHAR, snapshot VARCHAR, "
        + "backfill_watermark TIMESTAMPTZ, stream_start_position VARCHAR, state VARCHAR, rows_loaded BIGINT, "
        + "created_at TIMESTAMPTZ, ready_at TIMESTAMPTZ, verified_at TIMESTAMPTZ, live_since TIMESTAMPTZ, "
        + "retired_at TIMESTAMPTZ)[]'}";
    return "CREATE VIEW generations AS SELECT g.generation, lower(g.slot) AS slot, g.model_id, g.feature_schema_version, "
        + "lower(g.state) AS state, g.generation = r.live AS is_live, g.generation = r.previous_live AS is_previous_live, "
        + "g.snapshot, g.backfill_watermark, g.stream_start_position, g.rows_loaded, g.created_at, g.ready_at, "
        + "g.verified_at, g.live_since, g.retired_at, r.version AS registry_version "
        + "FROM (SELECT version, live, previous_live, unnest(generations) AS g FROM read_json("
        + literal(registry.toAbsolutePath().toString()) + ", format = 'auto', columns = " + columns + ")) r";
  }

  private void createCatalog(Catalog catalog) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE catalog (content_id VARCHAR, title VARCHAR, category VARCHAR, narrator VARCHAR, "
          + "duration_s INTEGER, themes VARCHAR[], description VARCHAR)");
    }
    try (PreparedStatement p = connection.prepareStatement(
        "INSERT INTO catalog VALUES (?, ?, ?, ?, ?, string_split(?, '|'), ?)")) {
      for (ContentItem item : catalog.items()) {
        p.setString(1, item.contentId());
        p.setString(2, item.title());
        p.setString(3, item.category().wireName());
        p.setString(4, item.narrator());
        p.setInt(5, item.durationS());
        p.setString(6, String.join("|", item.themes()));
        p.setString(7, item.description());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** The views this lake has, each with what it reads (a lake table appears once its files exist). */
  public Map<String, String> views() {
    return Map.copyOf(views);
  }

  public Result query(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(strip(sql))) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
        types.add(meta.getColumnTypeName(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          Object value = rs.getObject(i);
          row.add(value instanceof java.sql.Array array ? List.of((Object[]) array.getArray()) : value);
        }
        rows.add(row);
      }
      return new Result(columns, types, rows);
    } catch (SQLException e) {
      throw explained(e);
    }
  }

  /** DuckDB's plan for the query (EXPLAIN), as text. */
  public String explain(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + strip(sql))) {
      while (rs.next()) {
        plan.append(rs.getString(2)).append('\n');
      }
    } catch (SQLException e) {
      throw explained(e);
    }
    return plan.toString();
  }

  /** Writes the query's result to a Parquet or CSV file with DuckDB's COPY; returns the rows written. */
  public long copyTo(String sql, String file) throws SQLException {
    String lower = file.toLowerCase(Locale.ROOT);
    String format;
    if (lower.endsWith(".parquet")) {
      format = "FORMAT parquet, COMPRESSION snappy";
    } else if (lower.endsWith(".csv")) {
      format = "FORMAT csv, HEADER true";
    } else {
      throw new LakeException("--out must end in .parquet or .csv: " + file);
    }
    try (Statement s = connection.createStatement()) {
      // The newline ends a trailing "-- comment" of the query before the parenthesis.
      return s.executeUpdate("COPY (" + strip(sql) + "\n) TO " + literal(file) + " (" + format + ")");
    } catch (SQLException e) {
      throw explained(e);
    }
  }

  /** A query that names a table with no files yet gets DuckDB's message plus why the view is not there. */
  private SQLException explained(SQLException e) {
    String message = e.getMessage() == null ? "query failed" : e.getMessage();
    for (Map.Entry<String, String> m : missing.entrySet()) {
      if (message.contains("Table with name " + m.getKey() + " does not exist")) {
        return new SQLException(message.strip() + "\n" + m.getKey() + ": " + m.getValue(), e.getSQLState(), e);
      }
    }
    return e;
  }

  static String strip(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** A problem with the lake or the options, not with the SQL: one clear line for the user. */
  public static final class LakeException extends IllegalArgumentException {
    public LakeException(String message) {
      super(message);
    }
  }
}
