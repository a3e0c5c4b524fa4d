package io.stillwater.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stillwater query} through the picocli command line, as a user runs it. */
class QueryCommandTest {

  @TempDir Path ws;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** A tiny lake: two date partitions of events and a dead letter, written as Parquet by DuckDB itself. */
  @BeforeEach
  void lake() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String date : new String[] {"2026-11-01", "2026-11-02"}) {
        Path dir = Files.createDirectories(ws.resolve("lake/events/date=" + date));
        s.execute("COPY (SELECT 'e-' || i AS event_id, 'u' || (i % 2) AS user_id, 'search' AS type FROM range(3) t(i)) TO '"
            + dir.resolve("part-00000-of-00001.parquet") + "' (FORMAT parquet)");
      }
      Path dead = Files.createDirectories(ws.resolve("lake/dead_letter/date=2026-11-02"));
      s.execute("COPY (SELECT '{' AS raw, '$: not valid JSON' AS reason, ['$'] AS fields) TO '"
          + dead.resolve("part-00000-of-00001.parquet") + "' (FORMAT parquet)");
    }
  }

  @AfterEach
  void environment() {
    QueryCommand.env = System::getenv;
  }

  int run(String... args) {
    CommandLine cli = StillwaterCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void lake_tables_are_views_with_their_hive_partitions() throws Exception {
    assertThat(run("query", "--workspace", ws.toString(), "--format", "json",
        "SELECT date::VARCHAR AS d, count(*) AS n FROM events GROUP BY d ORDER BY d")).isZero();
    JsonNode rows = new ObjectMapper().readTree(out.toString());
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).get("d").asText()).isEqualTo("2026-11-01");
    assertThat(rows.get(0).get("n").asLong()).isEqualTo(3);
    assertThat(err.toString()).contains("(2 rows,");
  }

  @Test
  void dead_letters_and_the_catalog_are_views_too() throws Exception {
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv",
        "SELECT (SELECT count(*) FROM dead_letters) AS dead, fields[1] AS f, "
            + "(SELECT count(*) FROM catalog WHERE category = 'sleep') > 0 AS has_sleep FROM dead_letters")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("dead,f,has_sleep", "1,$,true");
  }

  @Test
  void snapshots_unite_both_entities_without_the_asof_folder() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      Path users = Files.createDirectories(ws.resolve("lake/snapshots/asof=20261102T000000Z/entity=user"));
      Path content = Files.createDirectories(ws.resolve("lake/snapshots/asof=20261102T000000Z/entity=content"));
      s.execute("COPY (SELECT 'u0' AS entity_id, TIMESTAMPTZ '2026-11-02 00:00:00+00' AS as_of, 3::BIGINT AS steps_24h) TO '"
          + users.resolve("part-00000-of-00001.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 'c1' AS entity_id, TIMESTAMPTZ '2026-11-02 00:00:00+00' AS as_of, 0.5 AS content_bounce_rate_7d) TO '"
          + content.resolve("part-00000-of-00001.parquet") + "' (FORMAT parquet)");
    }
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv",
        "SELECT entity, entity_id, steps_24h, content_bounce_rate_7d, as_of::VARCHAR AS as_of FROM snapshots ORDER BY entity")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("entity,entity_id,steps_24h,content_bounce_rate_7d,as_of",
        "content,c1,,0.5,2026-11-02 00:00:00+00", "user,u0,3,,2026-11-02 00:00:00+00");
    out.getBuffer().setLength(0);
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv",
        "SELECT count(*) AS n FROM (DESCRIBE snapshots) WHERE column_name = 'asof'")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("n", "0");
  }

  @Test
  void the_query_may_come_from_a_file() throws Exception {
    Path sql = ws.resolve("q.sql");
    Files.writeString(sql, "-- a worked question\nSELECT count(*) AS n\nFROM events\nWHERE user_id = 'u1';\n");
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv", "--file", sql.toString())).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("n", "2");
    assertThat(run("query", "--workspace", ws.toString(), "--file", sql.toString(), "SELECT 1")).isEqualTo(2);
    assertThat(err.toString()).contains("one of them");
    assertThat(run("query", "--workspace", ws.toString(), "--file", ws.resolve("missing.sql").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no query file at");
  }

  @Test
  void table_format_prints_a_header_and_aligned_rows() {
    assertThat(run("query", "--workspace", ws.toString(),
        "SELECT user_id, count(*) * 100 AS n FROM events GROUP BY 1 ORDER BY 1")).isZero();
    // Numbers are right-aligned.
    assertThat(out.toString().lines().toList()).containsExactly("user_id    n", "u0       400", "u1       200");
  }

  @Test
  void bad_sql_exits_2_with_duckdbs_message_and_no_stack_trace() {
    assertThat(run("query", "--workspace", ws.toString(), "SELECT nope FROM events")).isEqualTo(2);
    assertThat(err.toString()).startsWith("stillwater query: Binder Error: Referenced column \"nope\" not found")
        .contains("LINE 1: SELECT nope FROM events").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void a_table_without_files_yet_says_who_writes_it() {
    assertThat(run("query", "--workspace", ws.toString(), "SELECT count(*) FROM predictions")).isEqualTo(2);
    assertThat(err.toString()).contains("Table with name predictions does not exist",
        "predictions: no files match", "serving API");
  }

  @Test
  void out_writes_parquet_or_csv_with_duckdb_copy() throws Exception {
    Path parquet = ws.resolve("by_user.parquet");
    assertThat(run("query", "--workspace", ws.toString(), "--out", parquet.toString(),
        "SELECT user_id, count(*) AS n FROM events GROUP BY 1 -- per user")).isZero();
    assertThat(err.toString()).contains("wrote 2 rows to");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT string_agg(user_id || '=' || n, ',' ORDER BY user_id) FROM '" + parquet + "'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("u0=4,u1=2");
    }
    Path csv = ws.resolve("by_user.csv");
    assertThat(run("query", "--workspace", ws.toString(), "--out", csv.toString(),
        "SELECT user_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1;")).isZero();
    assertThat(Files.readAllLines(csv)).containsExactly("user_id,n", "u0,4", "u1,2");
    assertThat(run("query", "--workspace", ws.toString(), "--out", ws.resolve("x.xlsx").toString(), "SELECT 1")).isEqualTo(2);
  }

  @Test
  void explain_prints_the_plan_without_running() {
    assertThat(run("query", "--workspace", ws.toString(), "--explain", "SELECT count(*) FROM events WHERE date = '2026-11-02'")).isZero();
    // The date filter prunes partitions: one of the two files is read.
    assertThat(out.toString()).contains("READ_PARQUET", "Scanning Files: 1/2");
    assertThat(err.toString()).doesNotContain("rows,");
  }

  @Test
  void the_lake_comes_from_lake_option_then_the_environment_then_the_workspace() throws Exception {
    Path other = ws.resolve("elsewhere");
    Files.createDirectories(other);
    Files.move(ws.resolve("lake"), other.resolve("lake"));
    assertThat(run("query", "--workspace", ws.toString(), "SELECT 1")).isEqualTo(2);
    assertThat(err.toString()).contains("no lake at", "backfill");

    assertThat(run("query", "--workspace", ws.toString(), "--lake", other.resolve("lake").toString(), "--format", "csv",
        "SELECT count(*) AS n FROM events")).isZero();
    QueryCommand.env = Map.of(QueryCommand.LAKE_ENV, other.resolve("lake").toString())::get;
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv", "SELECT count(*) AS n FROM events")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("n", "6", "n", "6");
  }

  @Test
  void an_s3_lake_without_httpfs_fails_fast_with_what_to_do() {
    int status = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> run("query", "--workspace", ws.toString(), "--lake", "s3://some-bucket/stillwater/lake", "SELECT 1"));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("httpfs", "aws s3 sync").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void generations_come_from_the_file_registry() throws Exception {
    Files.createDirectories(ws.resolve("store"));
    Files.writeString(ws.resolve("store/registry.json"), """
        {"version": 3, "live": 2, "previous_live": 1, "generations": [
         {"generation": 1, "slot": "BLUE", "model_id": "m-a", "feature_schema_version": "v1", "snapshot": "s",
          "backfill_watermark": "2026-11-01T00:00:00Z", "stream_start_position": null, "state": "RETIRED",
          "rows_loaded": 5, "created_at": "2026-11-01T01:00:00Z", "ready_at": null, "verified_at": null,
          "live_since": "2026-11-01T02:00:00Z", "retired_at": "2026-11-02T02:00:00Z"},
         {"generation": 2, "slot": "GREEN", "model_id": "m-b", "feature_schema_version": "v1", "snapshot": "s",
          "backfill_watermark": "2026-11-02T00:00:00Z", "stream_start_position": null, "state": "LIVE",
          "rows_loaded": 7, "created_at": "2026-11-02T01:00:00Z", "ready_at": null, "verified_at": null,
          "live_since": "2026-11-02T02:00:00Z", "retired_at": null}]}
        """);
    assertThat(run("query", "--workspace", ws.toString(), "--format", "csv",
        "SELECT generation, slot, model_id, state, is_live, rows_loaded, live_since::VARCHAR AS live_since, typeof(backfill_watermark) AS t "
            + "FROM generations ORDER BY generation")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        "generation,slot,model_id,state,is_live,rows_loaded,live_since,t",
        "1,blue,m-a,retired,false,5,2026-11-01 02:00:00+00,TIMESTAMP WITH TIME ZONE",
        "2,green,m-b,live,true,7,2026-11-02 02:00:00+00,TIMESTAMP WITH TIME ZONE");
  }
}
