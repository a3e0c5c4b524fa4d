package io.stillwater.cli.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL over a workspace's lake with DuckDB, in-process: each lake table is a view of the same name over its
 * Hive-partitioned Parquet files, so analysts write {@code SELECT … FROM events} instead of file globs.
 */
public final class LakeSql implements AutoCloseable {

  /** View name to the files it reads, relative to the lake root. */
  static final Map<String, String> VIEWS = new LinkedHashMap<>();

  static {
    VIEWS.put("events", "events/*/*.parquet");
    VIEWS.put("dead_letter", "dead_letter/*/*.parquet");
    VIEWS.put("training", "training/*/*.parquet");
    VIEWS.put("user_snapshots", "snapshots/*/entity=user/*.parquet");
    VIEWS.put("content_snapshots", "snapshots/*/entity=content/*.parquet");
  }

  /** A query's result: column names and rows of values as DuckDB returned them. */
  public record Result(List<String> columns, List<List<Object>> rows) {}

  private final Connection connection;
  private final List<String> views = new ArrayList<>();

  public LakeSql(Path lake) throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = connection.createStatement()) {
      // Never reach for the network: Parquet and JSON readers are built in.
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET TimeZone = 'UTC'");
      for (Map.Entry<String, String> v : VIEWS.entrySet()) {
        Path tableDir = lake.resolve(v.getValue().substring(0, v.getValue().indexOf('/')));
        if (Files.isDirectory(tableDir)) {
          String glob = lake.resolve(v.getValue()).toString().replace("'", "''");
          s.execute("CREATE VIEW " + v.getKey() + " AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true)");
          views.add(v.getKey());
        }
      }
    }
  }

  /** The views this lake has (a table appears once a backfill has written it). */
  public List<String> views() {
    return List.copyOf(views);
  }

  public Result query(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
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
      return new Result(columns, rows);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
