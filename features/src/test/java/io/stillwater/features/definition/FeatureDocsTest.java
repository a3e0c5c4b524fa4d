package io.stillwater.features.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureDocsTest {

  static final Path DOC = Path.of("../docs/features.md");

  @Test
  void docs_features_md_is_what_the_registry_renders() throws Exception {
    String rendered = FeatureDocs.render();
    if (Boolean.getBoolean("stillwater.updateDocs")) {
      Files.writeString(DOC, rendered);
    }
    assertThat(Files.readString(DOC)).as("docs/features.md is stale; see its header to regenerate").isEqualTo(rendered);
  }

  @Test
  void feature_names_are_unique_snake_case() {
    Set<String> seen = new HashSet<>();
    for (FeatureDefinition f : FeatureRegistry.all()) {
      assertThat(seen.add(f.name())).as(f.name()).isTrue();
      assertThat(f.name()).matches("[a-z][a-z0-9_]*");
    }
  }

  @Test
  void schema_version_is_stable_and_derived_from_definitions() {
    assertThat(FeatureRegistry.schemaVersion()).matches("v1-[0-9a-f]{12}").isEqualTo(FeatureRegistry.schemaVersion());
  }

  @Test
  void the_issue_named_features_are_defined_with_their_windows() {
    assertThat(FeatureRegistry.get("sleep_starts_24h").window()).contains(FeatureRegistry.DAY);
    assertThat(FeatureRegistry.get("sleep_bounces_7d").window()).contains(FeatureRegistry.WEEK);
    assertThat(FeatureRegistry.get("steps_1h").type()).isEqualTo(ValueType.COUNT);
    assertThat(FeatureRegistry.get("heart_rate_avg_15m").window()).contains(FeatureRegistry.MIN_15);
    assertThat(FeatureRegistry.get("search_embedding").type()).isEqualTo(ValueType.VECTOR);
    assertThat(FeatureRegistry.forEntity(Entity.CONTENT)).extracting(FeatureDefinition::name)
        .contains("content_starts_24h", "content_bounce_rate_7d", "content_completion_rate_24h", "content_popularity_30d");
  }
}
