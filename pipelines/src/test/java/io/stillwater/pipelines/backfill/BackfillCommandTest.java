package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackfillCommandTest {

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = BackfillCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  void assertOneLineUsageError(int status, String... phrases) {
    assertThat(status).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains(phrases).doesNotContain("Exception");
  }

  @Test
  void a_missing_option_is_one_line_and_status_2() {
    assertOneLineUsageError(run("--until", "2026-11-28"), "stillwater backfill:", "--events");
  }

  @Test
  void a_bad_time_is_one_line_and_status_2() {
    assertOneLineUsageError(run("--events", tmp.toString(), "--until", "yesterday"), "--until", "not a time: 'yesterday'");
  }

  @Test
  void an_unknown_runner_is_one_line_and_status_2() {
    assertOneLineUsageError(run("--events", tmp.toString(), "--until", "2026-11-28", "--runner", "flink"), "--runner", "flink");
  }

  @Test
  void an_unknown_beam_option_is_one_line_and_status_2() {
    assertOneLineUsageError(
        run("--events", tmp.toString(), "--until", "2026-11-28", "--workspace", tmp.toString(), "--", "--noSuchOption=1"),
        "noSuchOption");
  }

  @Test
  void input_that_matches_no_file_is_one_line_and_status_2() {
    assertOneLineUsageError(
        run("--events", tmp.resolve("nowhere").toString(), "--until", "2026-11-28", "--workspace", tmp.toString()),
        "no event files at");
  }

  @Test
  void a_bad_catalog_is_one_line_and_status_2() throws Exception {
    Path catalog = Files.writeString(tmp.resolve("catalog.json"), "[]");
    Files.writeString(tmp.resolve("one.jsonl"), "{}\n");
    assertOneLineUsageError(
        run("--events", tmp.resolve("one.jsonl").toString(), "--until", "2026-11-28", "--workspace", tmp.toString(),
            "--catalog", catalog.toString()),
        "non-empty JSON array");
  }

  @Test
  void help_names_the_options() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("stillwater backfill", "--events", "--until", "--workspace", "--runner", "--spark-master");
  }

  @Test
  void a_run_prints_the_counts_and_the_conservation_line_and_writes_under_the_workspace() throws Exception {
    Path events = tmp.resolve("events");
    SimulatedHistories.write(events, 3, 1, 5, 0.1);
    Path workspace = tmp.resolve("ws");
    int status = run("--events", events.toString(), "--until", "2026-11-28T00:00:00Z", "--workspace", workspace.toString(),
        "--runner", "direct");
    assertThat(status).as(err.toString()).isZero();
    String report = out.toString();
    assertThat(report).containsPattern("read [\\d,]+ = accepted [\\d,]+ \\+ dead-lettered [\\d,]+ \\+ duplicates [\\d,]+: conservation holds");
    assertThat(report).contains("on DirectRunner", "until 2026-11-28T00:00:00Z", workspace.resolve("lake").toString());
    assertThat(report.lines()).hasSizeLessThanOrEqualTo(6);
    assertThat(workspace.resolve("lake/manifests/backfill-2026-11-28T000000Z.json")).exists();
    assertThat(workspace.resolve("lake/events")).isDirectory();
    assertThat(workspace.resolve("lake/dead_letter")).isDirectory();
  }

  @Test
  void the_lake_goes_under_the_workspace_local_or_s3() {
    assertThat(BackfillCommand.lakeUnder("s3://bucket/ws/")).isEqualTo("s3://bucket/ws/lake");
    assertThat(BackfillCommand.lakeUnder(tmp.toString())).isEqualTo(tmp.resolve("lake").toString());
  }
}
