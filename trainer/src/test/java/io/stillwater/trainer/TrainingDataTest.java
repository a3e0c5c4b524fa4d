package io.stillwater.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  /** Small hand-made rows: feature values from the row number, secs_since_search missing on odd rows. */
  static List<Map<String, Object>> rows(int n, String schemaVersion) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      long start = T0.plusSeconds(3600L * 7 * i).toEpochMilli();
      r.put("user_id", "u" + (i % 3));
      r.put("content_id", "c" + (i % 5));
      r.put("session_id", "s" + i);
      r.put("start_ms", start);
      r.put("end_ms", start + 600_000);
      r.put("completed", i % 2 == 0);
      r.put("bounced", i % 2 == 1);
      r.put("fraction_played", 0.5);
      r.put("category", i % 2 == 0 ? "sleep" : "focus");
      r.put("narrator", "n" + (i % 2));
      r.put("duration_s", 600L);
      r.put("feature_schema_version", schemaVersion);
      for (FeatureDefinition f : FeatureRegistry.all()) {
        Object v = switch (f.type()) {
          case COUNT -> (long) i;
          case NUMBER -> i + 0.5;
          case VECTOR -> i % 2 == 0 ? new float[] {1f, 0f, 0f} : null;
        };
        if (f.name().equals("secs_since_search") && i % 2 == 1) {
          v = null;
        }
        r.put(f.name(), v);
      }
      rows.add(r);
    }
    return rows;
  }

  static Path table(Path dir, int n, String schemaVersion) throws Exception {
    Path training = dir.resolve("lake").resolve("training");
    TrainingTableFixture.write(rows(n, schemaVersion), training, dir.resolve("rows.csv"));
    return training;
  }

  @Test
  void readsTheRangeInStartOrderWithMissingAsNaN(@TempDir Path tmp) throws Exception {
    Path training = table(tmp, 10, FeatureRegistry.schemaVersion());
    List<Example> all = TrainingData.load(training, T0, T0.plusSeconds(3600L * 7 * 10), true);
    assertThat(all).hasSize(10);
    assertThat(all).extracting(Example::sessionId).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    int since = TrainingData.featureIndex("secs_since_search");
    assertThat(all.get(0).features()[since]).isEqualTo(0.5);
    assertThat(all.get(1).features()[since]).isNaN();
    assertThat(all.get(2).features()[TrainingData.featureIndex("content_popularity_30d")]).isEqualTo(2.0);
    assertThat(all.get(0).searchEmbedding()).containsExactly(1f, 0f, 0f);
    assertThat(all.get(1).searchEmbedding()).isNull();
    assertThat(all.get(0).startTs()).isEqualTo(T0);
    // [from, until): the row at until is out, the row at from is in.
    List<Example> part = TrainingData.load(training, T0.plusSeconds(3600L * 7 * 2), T0.plusSeconds(3600L * 7 * 5));
    assertThat(part).extracting(Example::sessionId).containsExactly("s2", "s3", "s4");
    assertThat(TrainingData.numericFeatureNames()).doesNotContain("search_embedding")
        .hasSize((int) FeatureRegistry.all().stream().filter(f -> f.type() != ValueType.VECTOR).count());
  }

  @Test
  void missingDirectoryIsAClearError(@TempDir Path tmp) {
    assertThatThrownBy(() -> TrainingData.load(tmp.resolve("nope"), T0, T0.plusSeconds(60)))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("no training data").hasMessageContaining("nope").hasMessageContaining("backfill");
  }

  @Test
  void emptyDirectoryIsAClearError(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("date=2026-11-20"));
    assertThatThrownBy(() -> TrainingData.load(tmp, T0, T0.plusSeconds(60)))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("no date=YYYY-MM-DD/*.parquet files under");
  }

  @Test
  void corruptParquetIsAClearError(@TempDir Path tmp) throws Exception {
    Path training = table(tmp, 4, FeatureRegistry.schemaVersion());
    Path bad = training.resolve("date=2026-11-21").resolve("part-00000-of-00001.parquet");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "this is not parquet");
    assertThatThrownBy(() -> TrainingData.load(training, T0, T0.plusSeconds(3600L * 24 * 30)))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageStartingWith("cannot read training data under " + training);
  }

  @Test
  void emptyRangeIsAClearError(@TempDir Path tmp) throws Exception {
    Path training = table(tmp, 4, FeatureRegistry.schemaVersion());
    Instant later = Instant.parse("2027-01-01T00:00:00Z");
    assertThatThrownBy(() -> TrainingData.load(training, later, later.plusSeconds(86400)))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("no training examples with start_ts in [2027-01-01T00:00:00Z, 2027-01-02T00:00:00Z)")
        .hasMessageContaining("4 examples from 2026-11-20T08:00:00Z");
    assertThatThrownBy(() -> TrainingData.load(training, later, later))
        .isInstanceOf(TrainingDataException.class).hasMessageContaining("empty time range");
  }

  @Test
  void featureSchemaMismatchIsAClearError(@TempDir Path tmp) throws Exception {
    Path training = table(tmp, 4, "v1-000000000000");
    assertThatThrownBy(() -> TrainingData.load(training, T0, T0.plusSeconds(3600L * 24 * 30)))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("feature-schema mismatch")
        .hasMessageContaining("v1-000000000000")
        .hasMessageContaining(FeatureRegistry.schemaVersion());
  }
}
