package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.EventJson;
import io.stillwater.stream.Kinesalite;
import io.stillwater.stream.KinesisClients;
import io.stillwater.stream.KinesisEventSink;
import io.stillwater.stream.StreamPosition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** KinesisIO against kinesalite: events put with the AWS SDK end up as features in an LMDB slot. */
class KinesisStreamTest {

  private static Kinesalite kinesalite;
  private static KinesisClient client;

  @TempDir Path tempDir;
  private FastScratch tmp;

  @org.junit.jupiter.api.BeforeEach
  void scratch() {
    tmp = new FastScratch(tempDir);
  }

  @org.junit.jupiter.api.AfterEach
  void cleanUp() {
    tmp.close();
  }

  @BeforeAll
  static void start() throws Exception {
    kinesalite = Kinesalite.start();
    client = KinesisClients.create(Optional.of(kinesalite.endpoint()), "us-east-1");
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (kinesalite != null) {
      kinesalite.close();
    }
  }

  private void read(String stream, Path workspace, long records) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    ReadKinesisStream source = ReadKinesisStream.from(stream, kinesalite.endpoint().toString(), "us-east-1",
        StreamPosition.TRIM_HORIZON).withMaxRecords(records);
    StreamingPipeline.process(p.apply(source), StreamingPipelineTest.settings(workspace, Optional.empty()));
    p.run().waitUntilFinish();
  }

  @Test
  void events_put_to_kinesis_become_the_same_features_as_the_same_events_through_the_stream_transforms() {
    List<String> lines = new ArrayList<>(SimulatedLines.generate(tmp.resolve("sim"), 8, 2, 21L, 0.0));
    lines.sort(Comparator.comparing(l -> EventJson.read(l).ts())); // each user's events in event-time order
    lines.add("{not json"); // a malformed record: dead-lettered, the pipeline keeps going
    Kinesalite.createStream(client, "events-features", 2);
    try (KinesisEventSink sink = KinesisEventSink.using(client, "events-features")) {
      sink.appendLines(lines);
    }

    read("events-features", tmp.resolve("kinesis"), lines.size());
    StreamingPipelineTest.stream(tmp.resolve("direct"), lines, Optional.empty());

    Instant asOf = StreamingPipelineTest.AS_OF;
    var fromKinesis = StreamingPipelineTest.storeValues(tmp.resolve("kinesis"), asOf);
    assertThat(fromKinesis).hasSizeGreaterThan(8).isEqualTo(StreamingPipelineTest.storeValues(tmp.resolve("direct"), asOf));
  }

  @Test
  void a_pipeline_restarted_midway_ends_with_the_same_state_as_an_uninterrupted_run() {
    List<String> lines = new ArrayList<>(SimulatedLines.generate(tmp.resolve("sim"), 6, 2, 33L, 0.0));
    lines.sort(Comparator.comparing(l -> EventJson.read(l).ts()));
    Kinesalite.createStream(client, "events-restart", 1);
    try (KinesisEventSink sink = KinesisEventSink.using(client, "events-restart")) {
      sink.appendLines(lines);
    }

    read("events-restart", tmp.resolve("restarted"), lines.size() / 2); // stopped half way
    read("events-restart", tmp.resolve("restarted"), lines.size()); // restarted from TRIM_HORIZON: replays the first half
    read("events-restart", tmp.resolve("once"), lines.size());

    Instant asOf = StreamingPipelineTest.AS_OF;
    assertThat(StreamingPipelineTest.storeValues(tmp.resolve("restarted"), asOf))
        .isEqualTo(StreamingPipelineTest.storeValues(tmp.resolve("once"), asOf));
  }
}
