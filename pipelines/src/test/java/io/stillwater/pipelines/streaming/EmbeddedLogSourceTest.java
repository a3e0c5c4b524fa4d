package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.stream.AppendResult;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.StreamPosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLogSourceTest {

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

  private static List<String> lines(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("{\"" + prefix + "\":" + i + "}");
    }
    return out;
  }

  private static List<String> readAvailable(UnboundedSource.UnboundedReader<String> reader, boolean started) throws Exception {
    List<String> out = new ArrayList<>();
    boolean available = started ? reader.advance() : reader.start();
    while (available) {
      out.add(reader.getCurrent());
      available = reader.advance();
    }
    return out;
  }

  @Test
  void a_reader_restored_from_its_encoded_checkpoint_resumes_after_the_last_record_it_emitted() throws Exception {
    EmbeddedEventLog log = EmbeddedEventLog.open(tmp.resolve("stream"));
    log.appendLines(lines("a", 3));
    EmbeddedLogSource source = new EmbeddedLogSource(log.directory(), 0);
    var options = PipelineOptionsFactory.create();

    EmbeddedLogCheckpoint mark;
    try (UnboundedSource.UnboundedReader<String> reader = source.createReader(options, null)) {
      assertThat(readAvailable(reader, false)).containsExactlyElementsOf(lines("a", 3));
      mark = roundTrip(source.getCheckpointMarkCoder(), (EmbeddedLogCheckpoint) reader.getCheckpointMark());
    }
    log.appendLines(lines("b", 2));

    try (UnboundedSource.UnboundedReader<String> resumed = source.createReader(options, mark)) {
      assertThat(readAvailable(resumed, false)).containsExactlyElementsOf(lines("b", 2));
    }
  }

  @Test
  void timestamps_are_append_times_and_the_watermark_follows_them_then_the_clock_when_caught_up() throws Exception {
    EmbeddedEventLog log = EmbeddedEventLog.open(tmp.resolve("stream"));
    AppendResult appended = log.appendLines(lines("a", 2));
    try (UnboundedSource.UnboundedReader<String> reader = new EmbeddedLogSource(log.directory(), 0)
        .createReader(PipelineOptionsFactory.create(), null)) {
      assertThat(reader.start()).isTrue();
      assertThat(reader.getCurrentTimestamp()).isEqualTo(new Instant(appended.appendMs()));
      assertThat(reader.advance()).isTrue();
      assertThat(reader.advance()).isFalse();
      long before = System.currentTimeMillis();
      assertThat(reader.getWatermark().getMillis())
          .isGreaterThanOrEqualTo(Math.max(appended.appendMs(), before - EmbeddedLogSource.IDLE_MARGIN_MS));
    }
  }

  @Test
  void the_pipeline_reads_the_embedded_log_from_a_start_position_into_the_store() {
    Path workspace = tmp.resolve("ws");
    EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(workspace);
    log.appendLines(List.of(biometric("old", "u_old")));
    long start = log.committedEnd();
    log.appendLines(List.of(biometric("e1", "u_1"), biometric("e2", "u_2"), "{broken"));

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    ReadEmbeddedStream read = ReadEmbeddedStream.from(log, new StreamPosition.Offset(start)).withMaxRecords(3);
    StreamingPipeline.process(p.apply(read), StreamingPipelineTest.settings(workspace, Optional.empty()));
    p.run().waitUntilFinish();

    try (OnlineStore store = EmbeddedSlots.opener(workspace).apply(Slot.BLUE)) {
      assertThat(store.get(Entity.USER, "u_1")).isPresent();
      assertThat(store.get(Entity.USER, "u_2")).isPresent();
      assertThat(store.get(Entity.USER, "u_old")).as("before the start position").isEmpty();
    }
  }

  static String biometric(String id, String user) {
    return "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"type\":\"biometric\",\"ts\":\"2026-11-19T10:00:00Z\","
        + "\"steps\":120,\"heart_rate_bpm\":70.0,\"source\":\"watch\"}";
  }

  private static <T> T roundTrip(Coder<T> coder, T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(value, bytes);
    return coder.decode(new ByteArrayInputStream(bytes.toByteArray()));
  }
}
