package io.stillwater.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StillwaterCliTest {

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = StillwaterCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void help_lists_the_commands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("quickstart", "simulate", "catalog");
  }

  @Test
  void a_bad_argument_gets_one_clear_line_and_status_2() {
    assertThat(run("simulate", "--users", "many")).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--users", "'many'");
  }

  @Test
  void an_unknown_option_is_a_usage_error() {
    assertThat(run("catalog", "--colour", "blue")).isEqualTo(2);
    assertThat(err.toString()).contains("--colour").doesNotContain("Exception");
  }

  @Test
  void an_out_of_range_value_names_the_field() {
    assertThat(run("simulate", "--users", "0", "--out", tmp.resolve("x").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("users must be at least 1");
  }

  @Test
  void catalog_json_lists_every_item_with_the_contract_fields() throws Exception {
    assertThat(run("catalog", "--format", "json")).isZero();
    JsonNode items = new ObjectMapper().readTree(out.toString());
    assertThat(items.size()).isGreaterThanOrEqualTo(200);
    for (JsonNode item : items) {
      assertThat(item.get("content_id").asText()).isNotBlank();
      assertThat(item.get("title").asText()).isNotBlank();
      assertThat(item.get("category").asText()).isIn("sleep", "meditation", "focus", "movement", "stress", "anxiety");
      assertThat(item.get("duration_s").asInt()).isPositive();
    }
  }

  @Test
  void catalog_filters_by_category() throws Exception {
    assertThat(run("catalog", "--category", "focus", "--format", "json")).isZero();
    JsonNode items = new ObjectMapper().readTree(out.toString());
    assertThat(items.size()).isPositive();
    items.forEach(i -> assertThat(i.get("category").asText()).isEqualTo("focus"));
  }

  @Test
  void an_unknown_category_lists_the_valid_ones() {
    assertThat(run("catalog", "--category", "naps")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown category 'naps'", "sleep", "anxiety");
  }

  @Test
  void a_replacement_catalog_with_problems_is_refused_naming_the_field() throws Exception {
    Path bad = tmp.resolve("catalog.json");
    Files.writeString(bad, "[{\"content_id\": \"sleep-x1\", \"title\": \"X\", \"description\": \"d\", \"category\": \"naps\","
        + " \"themes\": [\"rain\"], \"duration_s\": 60, \"narrator\": \"none\"}]");
    assertThat(run("catalog", "--catalog", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("item 0 (sleep-x1): category unknown category 'naps'");
  }

  @Test
  void simulate_writes_date_partitions_into_the_workspace() throws Exception {
    Path ws = tmp.resolve("ws");
    assertThat(run("simulate", "--workspace", ws.toString(), "--users", "20", "--days", "2", "--end", "2026-11-01")).isZero();
    assertThat(ws.resolve("events/date=2026-10-30/events.jsonl.gz")).isRegularFile();
    assertThat(ws.resolve("events/date=2026-10-31/events.jsonl.gz")).isRegularFile();
    assertThat(out.toString()).contains("Simulated 20 users from 2026-10-30 to 2026-10-31");
  }

  @Test
  void live_mode_emits_events_from_now_to_a_file() throws Exception {
    Path file = tmp.resolve("live.jsonl");
    assertThat(run("simulate", "--live", "--speed", "3600", "--users", "50", "--max-events", "200", "--out", file.toString()))
        .isZero();
    var lines = Files.readAllLines(file);
    assertThat(lines).hasSize(200);
    long wellFormed = lines.stream().filter(l -> l.startsWith("{\"event_id\"") && l.endsWith("}")).count();
    assertThat(wellFormed).isGreaterThan(180);
  }
}
