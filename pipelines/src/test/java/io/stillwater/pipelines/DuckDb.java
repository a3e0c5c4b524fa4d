package io.stillwater.pipelines;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the pipelines wrote the way an analyst would: DuckDB over the Parquet files, in-process. */
public final class DuckDb {

  private DuckDb() {}

  /** {@code read_parquet(...)} over every Parquet file of a Hive-partitioned table folder. */
  public static String table(String tableDir) {
    return "read_parquet('" + tableDir + "/*/*.parquet', hive_partitioning = true)";
  }

  /** column name → DuckDB type, e.g. {@code ts → TIMESTAMP WITH TIME ZONE}. */
  public static Map<String, String> describe(String tableDir) {
    Map<String, String> types = new LinkedHashMap<>();
    query("DESCRIBE SELECT * FROM " + table(tableDir), rs -> types.put(rs.getString("column_name"), rs.getString("column_type")));
    return types;
  }

  /** Each row as its columns' text joined by {@code |} (NULL for null), in the query's order. */
  public static List<String> rows(String sql) {
    List<String> rows = new ArrayList<>();
    query(sql, rs -> {
      int n = rs.getMetaData().getColumnCount();
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        if (i > 1) {
          row.append('|');
        }
        Object v = rs.getObject(i);
        row.append(v == null ? "NULL" : rs.getString(i));
      }
      rows.add(row.toString());
    });
    return rows;
  }

  public static long count(String tableDir) {
    return Long.parseLong(rows("SELECT count(*) FROM " + table(tableDir)).get(0));
  }

  interface RowConsumer {
    void accept(ResultSet rs) throws SQLException;
  }

  static void query(String sql, RowConsumer consumer) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      // never reach for the network: Parquet support is built in
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          consumer.accept(rs);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB: " + e.getMessage() + "\n" + sql, e);
    }
  }
}
