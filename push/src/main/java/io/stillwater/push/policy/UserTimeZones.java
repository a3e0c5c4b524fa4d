package io.stillwater.push.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's offset from UTC, in minutes. Events carry no time zone; the app sends {@code context.tz_offset_minutes}
 * with {@code POST /v1/recommendations}, and the prediction log keeps it. So the offset is the latest one the user
 * sent, read from {@code <lake>/predictions} with DuckDB (reloaded every {@code refresh}); a user who never sent one
 * gets the configured default.
 */
public final class UserTimeZones {

  private static final Logger LOG = LoggerFactory.getLogger(UserTimeZones.class);

  private final int defaultOffsetMinutes;
  private final Path predictions;
  private final Duration refresh;
  private volatile Map<String, Integer> offsets = Map.of();
  private Instant loadedAt = Instant.MIN;

  /**
   * @param predictions {@code <lake>/predictions}, or null for the default offset only
   */
  public UserTimeZones(int defaultOffsetMinutes, Path predictions, Duration refresh) {
    if (Math.abs(defaultOffsetMinutes) > 840) {
      throw new IllegalArgumentException("a tz offset is from -840 to 840 minutes, not " + defaultOffsetMinutes);
    }
    this.defaultOffsetMinutes = defaultOffsetMinutes;
    this.predictions = predictions;
    this.refresh = refresh;
  }

  /** Every user at {@code offsetMinutes}. */
  public static UserTimeZones fixed(int offsetMinutes) {
    return new UserTimeZones(offsetMinutes, null, Duration.ofDays(365));
  }

  public int offsetMinutes(String userId) {
    return offsets.getOrDefault(userId, defaultOffsetMinutes);
  }

  /** Users with a known offset. */
  public int known() {
    return offsets.size();
  }

  /** Reloads from the prediction log when the last load is older than the refresh interval. */
  public void refreshIfDue(Instant now) {
    if (predictions == null || Duration.between(loadedAt, now).compareTo(refresh) < 0) {
      return;
    }
    loadedAt = now;
    if (!Files.isDirectory(predictions)) {
      return;
    }
    String glob = predictions.toAbsolutePath().resolve("**").resolve("*.parquet").toString().replace("'", "''");
    Map<String, Integer> loaded = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions=false");
      try (ResultSet rs = s.executeQuery("SELECT user_id, arg_max(tz_offset_minutes, served_at) FROM read_parquet('"
          + glob + "', hive_partitioning=true, union_by_name=true) WHERE tz_offset_minutes IS NOT NULL GROUP BY user_id")) {
        while (rs.next()) {
          loaded.put(rs.getString(1), rs.getInt(2));
        }
      }
      offsets = Map.copyOf(loaded);
    } catch (SQLException e) {
      // No file yet matches the glob, or one is being written: keep what was loaded last.
      LOG.debug("tz offsets not reloaded from {}: {}", predictions, e.getMessage());
    }
  }
}
