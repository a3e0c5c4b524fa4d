package io.stillwater.pipelines.features;

import io.stillwater.features.definition.Entity;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The columns of {@code lake/snapshots/asof=…/entity=user|content/}: each entity's encoded state (what a
 * store generation is loaded from) and its feature values at the watermark (what analysts read).
 */
public final class SnapshotSchema {
  private SnapshotSchema() {}

  public static Schema of(Entity entity) {
    SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record(entity == Entity.USER ? "UserSnapshot" : "ContentSnapshot")
        .namespace("io.stillwater.lake")
        .fields()
        .requiredString("entity_id")
        .name("as_of").doc("the watermark the values are read at").type(FeatureColumns.timestampMillis()).noDefault()
        .name("newest_event_ts").doc("event time of the newest event in the state; null when none")
        .type(FeatureColumns.optional(FeatureColumns.timestampMillis())).withDefault(null)
        .name("state").doc("StateCodec bytes: the feature state to load into a store generation").type().bytesType().noDefault()
        .requiredString("feature_schema_version");
    return FeatureColumns.add(f, entity).endRecord();
  }
}
