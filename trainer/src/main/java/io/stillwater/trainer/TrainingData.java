package io.stillwater.trainer;

import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the lake's training table ({@code <workspace>/lake/training/date=YYYY-MM-DD/*.parquet}) with in-process
 * DuckDB: the examples whose {@code start_ts} is in {@code [from, until)}, ordered by start time then session id
 * (a deterministic order, so training is reproducible).
 */
public final class TrainingData {

  private static final List<String> NUMERIC = FeatureRegistry.all().stream()
      .filter(f -> f.type() != ValueType.VECTOR)
      .map(FeatureDefinition::name)
      .toList();

  private TrainingData() {}

  /** Every count and number feature, registry order (user, content, context); the embedding is left out. */
  public static List<String> numericFeatureNames() {
    return NUMERIC;
  }

  public static int featureIndex(String name) {
    int i = NUMERIC.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no numeric feature " + name);
    }
    return i;
  }

  /** Examples with start_ts in [from, until), without the search embeddings. */
  public static List<Example> load(Path trainingDir, Instant from, Instant until) {
    return load(trainingDir, from, until, false);
  }

  /**
   * @param withEmbeddings also read {@code search_embedding} (384 floats a row; needed to re-score other candidates)
   * @throws TrainingDataException for a missing or empty directory, unreadable Parquet, another feature-schema
   *     version, or no example in the range
   */
  public static List<Example> load(Path trainingDir, Instant from, Instant until, boolean withEmbeddings) {
    if (!from.isBefore(until)) {
      throw new TrainingDataException("empty time range: from " + from + " is not before until " + until);
    }
    String glob = parquetGlob(trainingDir);
    try (Connection c = DuckDb.connect(); Statement st = c.createStatement()) {
      String source = "read_parquet('" + glob.replace("'", "''") + "', hive_partitioning = true)";
      checkSchemaVersion(st, source, trainingDir);
      StringBuilder sql = new StringBuilder("SELECT user_id, content_id, session_id, epoch_ms(start_ts) AS start_ms, completed, category, narrator");
      for (String name : NUMERIC) {
        sql.append(", CAST(\"").append(name).append("\" AS DOUBLE)");
      }
      if (withEmbeddings) {
        sql.append(", search_embedding");
      }
      sql.append(" FROM ").append(source)
          .append(" WHERE epoch_ms(start_ts) >= ").append(from.toEpochMilli())
          .append(" AND epoch_ms(start_ts) < ").append(until.toEpochMilli())
          .append(" ORDER BY start_ts, session_id");
      List<Example> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(sql.toString())) {
        while (rs.next()) {
          double[] f = new double[NUMERIC.size()];
          for (int i = 0; i < f.length; i++) {
            double v = rs.getDouble(8 + i);
            f[i] = rs.wasNull() ? Double.NaN : v;
          }
          float[] embedding = withEmbeddings ? floats(rs.getArray(8 + f.length)) : null;
          out.add(new Example(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
              rs.getBoolean(5), rs.getString(6), rs.getString(7), f, embedding));
        }
      }
      if (out.isEmpty()) {
        throw new TrainingDataException("no training examples with start_ts in [" + from + ", " + until + ") under "
            + trainingDir + " (the data covers " + coverage(st, source) + ")");
      }
      return out;
    } catch (SQLException e) {
      throw new TrainingDataException("cannot read training data under " + trainingDir + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** The [earliest, latest] start_ts in the table, for defaults and messages. */
  public static Instant[] coverage(Path trainingDir) {
    String glob = parquetGlob(trainingDir);
    try (Connection c = DuckDb.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT epoch_ms(min(start_ts)), epoch_ms(max(start_ts)) FROM read_parquet('"
            + glob.replace("'", "''") + "', hive_partitioning = true)")) {
      rs.next();
      long min = rs.getLong(1);
      if (rs.wasNull()) {
        throw new TrainingDataException("no training examples under " + trainingDir);
      }
      return new Instant[] {Instant.ofEpochMilli(min), Instant.ofEpochMilli(rs.getLong(2))};
    } catch (SQLException e) {
      throw new TrainingDataException("cannot read training data under " + trainingDir + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String parquetGlob(Path trainingDir) {
    if (!Files.isDirectory(trainingDir)) {
      throw new TrainingDataException("no training data: " + trainingDir
          + " is not a directory (write it with ./stillwater backfill)");
    }
    try (Stream<Path> files = Files.walk(trainingDir, 2, FileVisitOption.FOLLOW_LINKS)) {
      if (files.noneMatch(p -> p.getFileName().toString().endsWith(".parquet")
          && p.getParent().getFileName().toString().startsWith("date="))) {
        throw new TrainingDataException("no training data: no date=YYYY-MM-DD/*.parquet files under " + trainingDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return trainingDir.toAbsolutePath().normalize() + "/*/*.parquet";
  }

  private static void checkSchemaVersion(Statement st, String source, Path dir) throws SQLException {
    String expected = FeatureRegistry.schemaVersion();
    List<String> found = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT DISTINCT feature_schema_version FROM " + source + " ORDER BY 1")) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    }
    if (!found.equals(List.of(expected))) {
      throw new TrainingDataException("feature-schema mismatch under " + dir + ": the data has " + found
          + ", this trainer's FeatureRegistry is " + expected + " (re-run the backfill with this code)");
    }
  }

  private static String coverage(Statement st, String source) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT epoch_ms(min(start_ts)), epoch_ms(max(start_ts)), count(*) FROM " + source)) {
      rs.next();
      return rs.getLong(3) + " examples from " + Instant.ofEpochMilli(rs.getLong(1)) + " to " + Instant.ofEpochMilli(rs.getLong(2));
    }
  }

  private static float[] floats(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    Object[] values = (Object[]) array.getArray();
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).floatValue();
    }
    return out;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** In-process DuckDB with extension auto-install and auto-load off (Parquet is built in; no network). */
  static final class DuckDb {
    private DuckDb() {}

    static Connection connect() throws SQLException {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = c.createStatement()) {
        st.execute("SET autoinstall_known_extensions = false");
        st.execute("SET autoload_known_extensions = false");
      }
      return c;
    }
  }
}
