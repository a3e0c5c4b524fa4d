package io.stillwater.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadEventLinesTest {

  @TempDir Path dir;

  @BeforeEach
  void landingZone() throws IOException {
    gzip(dir.resolve("date=2026-11-01/events.jsonl.gz"), "a1\na2\n");
    gzip(dir.resolve("date=2026-11-02/events.jsonl.gz"), "b1\nb2\nb3"); // no final newline
    write(dir.resolve("date=2026-11-02/extra.jsonl"), "c1\r\nc2\n");
    write(dir.resolve("top.jsonl"), "d1\n");
    write(dir.resolve("_simulation.json"), "{\"not\": \"events\"}\n");
    write(dir.resolve("date=2026-11-01/notes.txt"), "not events\n");
  }

  @Test
  void a_directory_means_every_jsonl_and_jsonl_gz_file_at_any_depth() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PAssert.that(p.apply(ReadEventLines.from(dir.toString())))
        .containsInAnyOrder("a1", "a2", "b1", "b2", "b3", "c1", "c2", "d1");
    p.run().waitUntilFinish();
  }

  @Test
  void a_glob_is_taken_as_it_is_and_a_file_alone_is_read_alone() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<String> fromGlob = p.apply("Glob", ReadEventLines.from(dir + "/date=2026-11-02/*"));
    PCollection<String> fromFile = p.apply("File", ReadEventLines.from(dir.resolve("date=2026-11-01/events.jsonl.gz").toString()));
    PAssert.that(fromGlob).containsInAnyOrder("b1", "b2", "b3", "c1", "c2");
    PAssert.that(fromFile).containsInAnyOrder("a1", "a2");
    p.run().waitUntilFinish();
  }

  @Test
  void file_patterns_for_each_kind_of_location() {
    assertThat(ReadEventLines.filePatterns(dir.toString()))
        .containsExactly(dir + "/**.jsonl", dir + "/**.jsonl.gz");
    assertThat(ReadEventLines.filePatterns(dir + "/date=*/events.jsonl.gz"))
        .containsExactly(dir + "/date=*/events.jsonl.gz");
    assertThat(ReadEventLines.filePatterns("s3://bucket/landing/")).containsExactly(
        "s3://bucket/landing/**.jsonl", "s3://bucket/landing/**.jsonl.gz");
    assertThat(ReadEventLines.filePatterns("s3://bucket/landing/date=2026-11-01/events.jsonl.gz"))
        .containsExactly("s3://bucket/landing/date=2026-11-01/events.jsonl.gz");
    assertThat(ReadEventLines.filePatterns("s3://bucket/landing/date=2026-11-*/*.gz"))
        .containsExactly("s3://bucket/landing/date=2026-11-*/*.gz");
  }

  @Test
  void matched_files_lists_the_input_or_nothing() {
    assertThat(ReadEventLines.matchedFiles(dir.toString())).hasSize(4);
    assertThat(ReadEventLines.matchedFiles(dir.resolve("nowhere").toString())).isEmpty();
    assertThat(ReadEventLines.matchedFiles(dir + "/nothing-*.jsonl")).isEmpty();
  }

  private static void gzip(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
