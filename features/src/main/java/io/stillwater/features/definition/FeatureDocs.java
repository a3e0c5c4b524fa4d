package io.stillwater.features.definition;

import java.time.Duration;

/** Renders docs/features.md from the registry, so the documentation cannot drift from the code. */
public final class FeatureDocs {
  private FeatureDocs() {}

  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Features\n\n")
        .append("Generated from `FeatureRegistry` (features module); a test fails when this file and the code disagree.\n")
        .append("Regenerate with `./mvnw -B -pl features test -Dtest=FeatureDocsTest -Dstillwater.updateDocs=true`.\n\n")
        .append("Feature-schema version: `").append(FeatureRegistry.schemaVersion()).append("`\n\n")
        .append("Windows are (asOf - W, asOf): an event at asOf itself is never inside. Windows of 24 h or less are exact\n")
        .append("at both edges. Longer windows (7 d, 30 d) cover whole hours from the hour at or before asOf - W, so they\n")
        .append("may reach up to one hour further back; their leading edge is exact. A missing value is null (an empty\n")
        .append("Parquet cell, a JSON null), never a silent 0; the last column says when.\n\n");
    for (Entity entity : Entity.values()) {
      md.append("## ").append(entity.wireName()).append(" features\n\n")
          .append("| name | type | window | definition | missing when |\n| --- | --- | --- | --- | --- |\n");
      for (FeatureDefinition f : FeatureRegistry.forEntity(entity)) {
        md.append("| `").append(f.name()).append("` | ").append(f.type().name().toLowerCase()).append(" | ")
            .append(f.window().map(FeatureDocs::human).orElse("-")).append(" | ")
            .append(f.description()).append(" | ").append(f.missingWhen()).append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.toHours() % 24 == 0) {
      return d.toDays() + " d";
    }
    if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
      return d.toHours() + " h";
    }
    return d.toMinutes() + " min";
  }
}
