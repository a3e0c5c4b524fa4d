package io.stillwater.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedEventLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void two_processes_appending_at_once_lose_nothing_and_interleave_whole_lines() throws Exception {
    int perWriter = 3000;
    Process a = appender("a", perWriter);
    Process b = appender("b", perWriter);
    assertThat(a.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(b.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(a.exitValue()).as(new String(a.getInputStream().readAllBytes())).isZero();
    assertThat(b.exitValue()).as(new String(b.getInputStream().readAllBytes())).isZero();

    Map<String, Integer> nextSeq = new HashMap<>(Map.of("a", 0, "b", 0));
    int switches = 0;
    String previous = null;
    try (EmbeddedLogReader reader = EmbeddedEventLog.open(dir).reader(0)) {
      List<LogRecord> batch;
      while (!(batch = reader.poll(1000)).isEmpty()) {
        for (LogRecord r : batch) {
          JsonNode line = JSON.readTree(r.line()); // every line is whole JSON: no torn or mixed writes
          String writer = line.get("writer").asText();
          assertThat(line.get("seq").asInt()).as("order within writer %s", writer).isEqualTo(nextSeq.get(writer));
          nextSeq.merge(writer, 1, Integer::sum);
          if (previous != null && !previous.equals(writer)) {
            switches++;
          }
          previous = writer;
        }
      }
    }
    assertThat(nextSeq).containsEntry("a", perWriter).containsEntry("b", perWriter);
    assertThat(switches).as("the two writers' batches interleave").isGreaterThan(0);
  }

  private Process appender(String writer, int count) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(java, "-cp", cp, AppendProcess.class.getName(), dir.toString(), writer, Integer.toString(count))
        .redirectErrorStream(true).start();
  }

  @Test
  void a_reader_from_a_position_sees_exactly_the_records_after_it() {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    AppendResult first = log.appendLines(List.of("{\"n\":1}", "{\"n\":2}"));
    AppendResult second = log.appendLines(List.of("{\"n\":3}"));
    log.appendLines(List.of("{\"n\":4}", "{\"n\":5}"));

    assertThat(lines(log.reader(second.startOffset()))).containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
    assertThat(lines(log.reader(0))).hasSize(5);
    assertThat(lines(log.reader(log.committedEnd()))).isEmpty();
    assertThat(first.endOffset()).isEqualTo(second.startOffset());

    // a record's nextOffset is where a checkpoint resumes: just after it
    LogRecord two = log.reader(0).poll(2).get(1);
    assertThat(lines(log.reader(two.nextOffset()))).first().isEqualTo("{\"n\":3}");
  }

  @Test
  void a_reader_sees_records_appended_after_it_was_opened() {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    try (EmbeddedLogReader reader = log.reader(log.resolve(StreamPosition.LATEST))) {
      assertThat(reader.poll(10)).isEmpty();
      assertThat(reader.caughtUp()).isTrue();
      log.appendLines(List.of("{\"n\":1}"));
      List<LogRecord> got = reader.poll(10);
      assertThat(got).extracting(LogRecord::line).containsExactly("{\"n\":1}");
      assertThat(reader.position()).isEqualTo(log.committedEnd());
    }
  }

  @Test
  void at_timestamp_starts_at_the_first_append_at_or_after_the_time() throws Exception {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    AppendResult early = log.appendLines(List.of("{\"n\":1}"));
    AppendResult late = waitForLaterAppend(log, early.appendMs());

    assertThat(log.offsetAt(Instant.ofEpochMilli(late.appendMs()))).isEqualTo(late.startOffset());
    assertThat(log.offsetAt(Instant.ofEpochMilli(early.appendMs()))).isZero();
    assertThat(log.offsetAt(Instant.ofEpochMilli(late.appendMs() + 1))).isEqualTo(log.committedEnd());
    assertThat(log.resolve(StreamPosition.parse(Instant.ofEpochMilli(late.appendMs()).toString()))).isEqualTo(late.startOffset());
    assertThat(log.resolve(StreamPosition.TRIM_HORIZON)).isZero();
  }

  /** Appends until an append gets a later millisecond than {@code ms} (polls the clock, no sleep). */
  private static AppendResult waitForLaterAppend(EmbeddedEventLog log, long ms) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.currentTimeMillis() <= ms && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    AppendResult r = log.appendLines(List.of("{\"n\":2}"));
    assertThat(r.appendMs()).isGreaterThan(ms);
    return r;
  }

  @Test
  void an_interrupted_append_is_invisible_and_cut_off_by_the_next_appender() throws Exception {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    log.appendLines(List.of("{\"n\":1}"));
    // a crash after writing lines but before the index entry: bytes without a commit
    Files.writeString(dir.resolve(EmbeddedEventLog.DATA_FILE), "{\"torn\":", StandardOpenOption.APPEND);
    try (FileChannel index = FileChannel.open(dir.resolve(EmbeddedEventLog.INDEX_FILE), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      index.write(java.nio.ByteBuffer.wrap(new byte[5])); // and half an index entry
    }
    assertThat(lines(log.reader(0))).containsExactly("{\"n\":1}");

    log.appendLines(List.of("{\"n\":2}"));
    assertThat(lines(log.reader(0))).containsExactly("{\"n\":1}", "{\"n\":2}");
    assertThat(Files.readString(dir.resolve(EmbeddedEventLog.DATA_FILE))).doesNotContain("torn");
  }

  @Test
  void events_are_stored_as_their_contract_json_and_read_back_equal() {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    Event e = new Biometric("e1", "u_1", Instant.parse("2026-11-28T20:00:00Z"), 120, 72.0, "watch");
    log.append(List.of(e));
    assertThat(EventJson.read(lines(log.reader(0)).get(0))).isEqualTo(e);
  }

  @Test
  void a_position_beyond_the_end_or_a_line_break_is_refused() {
    EmbeddedEventLog log = EmbeddedEventLog.open(dir);
    log.appendLines(List.of("{}"));
    assertThatThrownBy(() -> log.resolve(new StreamPosition.Offset(999)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset:999");
    assertThatThrownBy(() -> log.appendLines(List.of("{\n}"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new File(dir.toFile(), EmbeddedEventLog.DATA_FILE)).hasSize(3);
  }

  private static List<String> lines(EmbeddedLogReader reader) {
    List<String> out = new ArrayList<>();
    try (reader) {
      List<LogRecord> batch;
      while (!(batch = reader.poll(100)).isEmpty()) {
        batch.forEach(r -> out.add(r.line()));
      }
    }
    return out;
  }
}
