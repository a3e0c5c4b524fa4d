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
  void durations_take_units() {
    StreamCommand.Durations d = new StreamCommand.Durations();
    assertThat(d.convert("500ms").toMillis()).isEqualTo(500);
    assertThat(d.convert("10s").toSeconds()).isEqualTo(10);
    assertThat(d.convert("2m").toMinutes()).isEqualTo(2);
    assertThat(d.convert("PT1H").toHours()).isEqualTo(1);
  }
}
