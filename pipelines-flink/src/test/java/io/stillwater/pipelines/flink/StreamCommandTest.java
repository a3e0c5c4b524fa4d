package io.stillwater.pipelines.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamCommandTest {

  private record Outcome(int status, String err) {}

  private static Outcome run(String... args) {
    CommandLine cli = StreamCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return new Outcome(cli.execute(args), err.toString());
  }

  @Test
  void a_bad_argument_is_one_line_naming_the_option_and_exit_2() {
    Outcome badStart = run("--slot", "blue", "--start-at", "yesterday");
    assertThat(badStart.status()).isEqualTo(2);
    assertThat(badStart.err().strip()).doesNotContain("\n").contains("--start-at").contains("'yesterday'");

    Outcome badSource = run("--slot", "blue", "--source", "kafka");
    assertThat(badSource.status()).isEqualTo(2);
    assertThat(badSource.err()).contains("--source").contains("kafka");

    Outcome badSlot = run("--slot", "purple");
    assertThat(badSlot.status()).isEqualTo(2);
    assertThat(badSlot.err()).contains("--slot").contains("purple");

    Outcome noStream = run("--slot", "blue", "--source", "kinesis", "--kinesis-stream", "");
    assertThat(noStream.status()).isEqualTo(2);
    assertThat(noStream.err()).contains("--kinesis-stream");

    Outcome offsetOnKinesis = run("--slot", "blue", "--source", "kinesis", "--kinesis-stream", "s", "--start-at", "offset:5");
    assertThat(offsetOnKinesis.status()).isEqualTo(2);
    assertThat(offsetOnKinesis.err()).contains("--start-at");

    Outcome badInterval = run("--slot", "blue", "--checkpoint-interval", "soon");
    assertThat(badInterval.status()).isEqualTo(2);
    assertThat(badInterval.err()).contains("--checkpoint-interval");
  }

  @Test
  void a_malformed_trigger_config_or_an_sqs_sink_without_a_queue_is_refused_naming_what_is_wrong(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("triggers.json");
    java.nio.file.Files.writeString(config, "{\"rules\": {\"long_run\": {\"steps_over\": -1}}}");
    Outcome badConfig = run("--slot", "blue", "--triggers", config.toString());
    assertThat(badConfig.status()).isEqualTo(2);
    assertThat(badConfig.err().strip()).doesNotContain("\n").contains("--triggers").contains("rules.long_run.steps_over");

    Outcome noQueue = run("--slot", "blue", "--trigger-sink", "sqs", "--trigger-queue-url", "");
    assertThat(noQueue.status()).isEqualTo(2);
    assertThat(noQueue.err()).contains("--trigger-queue-url");

    Outcome badSink = run("--slot", "blue", "--trigger-sink", "kafka");
    assertThat(badSink.status()).isEqualTo(2);
    assertThat(badSink.err()).contains("--trigger-sink").contains("kafka");
  }

  @Test
  void trigger_options_reach_the_pipeline_options() {
    StreamCommand cmd = new StreamCommand();
    new CommandLine(cmd).parseArgs("--slot", "blue", "--trigger-sink", "sqs", "--trigger-queue-url",
        "http://127.0.0.1:9324/000000000000/triggers", "--sqs-endpoint", "http://127.0.0.1:9324");
    var o = cmd.options();
    assertThat(o.getTriggers()).isEqualTo("default");
    assertThat(o.getTriggerSink()).isEqualTo("sqs");
    assertThat(o.getTriggerQueueUrl()).isEqualTo("http://127.0.0.1:9324/000000000000/triggers");
    assertThat(o.getSqsEndpoint()).isEqualTo("http://127.0.0.1:9324");
  }

  @Test
  void durations_take_units() {
    StreamCommand.Durations d = new StreamCommand.Durations();
    assertThat(d.convert("500ms").toMillis()).isEqualTo(500);
    assertThat(d.convert("10s").toSeconds()).isEqualTo(10);
    assertThat(d.convert("2m").toMinutes()).isEqualTo(2);
    assertThat(d.convert("PT1H").toHours()).isEqualTo(1);
  }
}
