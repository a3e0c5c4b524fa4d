package io.stillwater.pipelines.streaming.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.push.Trigger;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.pipelines.TestEvents;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.streaming.StoreTarget;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.pipelines.streaming.StreamingPipeline;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.EmbeddedLogReader;
import io.stillwater.stream.LogRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules inside the streaming pipeline (DirectRunner), writing to the embedded trigger log. */
class TriggersInStreamTest {

  @TempDir Path workspace;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  static String ago(int minutes) {
    return NOW.minus(Duration.ofMinutes(minutes)).toString();
  }

  private Path triggerLog() {
    return WriteTriggers.Sink.embeddedDir(workspace);
  }

  /** The streaming transforms over {@code lines} into the blue slot, triggers to the workspace's embedded log. */
  private void stream(List<String> lines) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    StreamingPipeline.Settings s = new StreamingPipeline.Settings(StoreTarget.embedded(workspace, Slot.BLUE),
        CatalogSource.shipped(), Optional.empty(), Duration.ofMinutes(10), Duration.ofSeconds(60))
        .withTriggers(TriggerConfig.bundled(), WriteTriggers.Sink.embedded(triggerLog()));
    StreamingPipeline.process(p.apply(Create.of(lines).withCoder(StringUtf8Coder.of())), s);
    p.run().waitUntilFinish();
  }

  /** What the push worker does: read the log from an offset and parse each line. */
  private List<Trigger> readTriggers() {
    try (EmbeddedLogReader reader = EmbeddedEventLog.open(triggerLog()).reader(0)) {
      return reader.poll(10_000).stream().map(LogRecord::line).map(Trigger::fromJson).toList();
    }
  }

  @Test
  void a_sleep_bounce_and_a_search_in_the_stream_reach_the_trigger_log_once_even_when_delivered_twice() {
    String bounce = TestEvents.end("end-1", "u1", ago(3), TestEvents.SLEEP, "s1", 35, false);
    String search = TestEvents.search("search-1", "u2", ago(2), "exam nerves");
    List<String> lines = List.of(
        TestEvents.start("start-1", "u1", ago(4), TestEvents.SLEEP, "s1"), bounce, search,
        search, bounce); // re-delivered

    stream(lines);

    List<Trigger> triggers = readTriggers();
    assertThat(triggers).extracting(Trigger::triggerId)
        .containsExactlyInAnyOrder("sleep_bounce:u1:end-1", "search:u2:search-1");
    Trigger t = triggers.stream().filter(x -> x.rule().equals("sleep_bounce")).findFirst().orElseThrow();
    assertThat(t.flag()).isEqualTo("sleep");
    assertThat(t.userId()).isEqualTo("u1");
    assertThat(t.eventTimeMs()).isEqualTo(NOW.minus(Duration.ofMinutes(3)).toEpochMilli());
    assertThat(t.detectedAtMs()).isBetween(NOW.toEpochMilli(), System.currentTimeMillis());
    assertThat(triggers.stream().filter(x -> x.rule().equals("search")).findFirst().orElseThrow().flag())
        .isEqualTo("after_search");

    // a replay of the same stream into the same slot (no checkpoint): the events are already counted, nothing fires
    stream(lines);
    assertThat(readTriggers()).hasSize(2);
  }

  @Test
  void heart_rate_elevated_fires_from_the_state_kept_in_the_store_across_runs() {
    // one event per run, so arrival order is event-time order; each run starts from the row the last one stored
    stream(List.of(TestEvents.biometric("hr-1", "u3", ago(14), null, 118.0, "watch")));
    stream(List.of(TestEvents.biometric("hr-2", "u3", ago(9), null, 121.0, "watch")));
    assertThat(readTriggers()).isEmpty();

    stream(List.of(TestEvents.biometric("hr-3", "u3", ago(4), null, 117.0, "watch"))); // 10 minutes above 100

    assertThat(readTriggers()).extracting(Trigger::triggerId, Trigger::flag, Trigger::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("heart_rate_elevated:u3:hr-3", "stress_relief",
            "heart rate above 100 bpm for 10 min (now 117 bpm)"));
  }

  @Test
  void the_embedded_sink_appends_lines_that_read_back_as_the_same_triggers() {
    List<Trigger> written = List.of(
        new Trigger(null, "search", "u1", "after_search", "searched \"x\"", "e1", 1_000L, 2_000L),
        new Trigger(null, "long_run", "u2", "movement", "4000 steps in 30 min (over 3000)", "e2", 3_000L, 4_000L));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(written).withCoder(TriggerCoder.of())).apply(WriteTriggers.to(WriteTriggers.Sink.embedded(triggerLog())));
    p.run().waitUntilFinish();

    assertThat(readTriggers()).containsExactlyInAnyOrderElementsOf(written);
    assertThat(readTriggers()).extracting(Trigger::triggerId).containsExactlyInAnyOrder("search:u1:e1", "long_run:u2:e2");
  }

  @Test
  void the_options_default_to_the_bundled_rules_and_the_workspace_log_and_off_turns_them_off() {
    StreamOptions o = PipelineOptionsFactory.fromArgs("--workspace=" + workspace).as(StreamOptions.class);
    StreamingPipeline.Triggers t = StreamingPipeline.triggers(o).orElseThrow();
    assertThat(t.rules().enabledRules()).hasSize(4);
    assertThat(t.sink()).isEqualTo(WriteTriggers.Sink.embedded(workspace.resolve("stream/triggers")));

    o.setTriggers("off");
    assertThat(StreamingPipeline.triggers(o)).isEmpty();

    o.setTriggers("default");
    o.setTriggerSink("sqs");
    o.setTriggerQueueUrl("http://127.0.0.1:9324/000000000000/triggers");
    o.setSqsEndpoint("http://127.0.0.1:9324");
    o.setAwsRegionName("eu-west-1");
    assertThat(StreamingPipeline.triggers(o).orElseThrow().sink()).isEqualTo(new WriteTriggers.Sink("sqs", null,
        "http://127.0.0.1:9324/000000000000/triggers", "http://127.0.0.1:9324", "eu-west-1"));
  }
}
