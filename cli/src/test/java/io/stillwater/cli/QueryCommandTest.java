package io.stillwater.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QueryCommandTest {

  @TempDir Path ws;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** A tiny lake: two date partitions of events, written as Parquet by DuckDB itself. */
  @BeforeEach
  void lake() throws Exception {
    for (String date : new String[] {"2026-11-01", "2026-11-02"}) {
      Path dir = Files.createDirectories(ws.resolve("lake/events/date=" + date));
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
        s.execute("COPY (SELECT 'e-' || i AS event_id, 'u' || (i % 2) AS user_id, 'search' AS type FROM range(3) t(i)) TO '"
            + dir.resolve("part-00000-of-00001.parquet") + "' (FORMAT parquet)");
      }
    }
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
  void table_format_prints_a_header_and_rows() {
    assertThat(run("query", "--workspace", ws.toString(), "SELECT user_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")).isZero();
    assertThat(out.toString().lines().toList()).containsExactly("user_id  n", "u0       4", "u1       2");
  }

  @Test
  void bad_sql_is_one_line_and_status_2() {
    assertThat(run("query", "--workspace", ws.toString(), "SELECT nope FROM events")).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("nope").doesNotContain("Exception");
  }

  @Test
  void a_workspace_without_a_lake_says_what_to_run() {
    assertThat(run("query", "--workspace", ws.resolve("empty").toString(), "SELECT 1")).isEqualTo(2);
    assertThat(err.toString()).contains("no lake at", "backfill");
  }
}
