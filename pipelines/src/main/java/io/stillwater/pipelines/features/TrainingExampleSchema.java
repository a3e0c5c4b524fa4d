package io.stillwater.pipelines.features;

import io.stillwater.features.definition.Entity;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** The columns of {@code lake/training/}: one row per ended session, features strictly before its start. */
public final class TrainingExampleSchema {
  private TrainingExampleSchema() {}

  public static final Schema SCHEMA = build();

  private static Schema build() {
    SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("TrainingExample").namespace("io.stillwater.lake")
        .doc("One ended content session with the user's, the item's and the context's features as of its start")
        .fields()
        .requiredString("user_id")
        .requiredString("content_id")
        .requiredString("session_id")
        .name("start_ts").doc("content_start time: every feature is as of strictly before it").type(FeatureColumns.timestampMillis()).noDefault()
        .name("end_ts").type(FeatureColumns.timestampMillis()).noDefault()
        .name("completed").doc("label: the session was played to the end").type().booleanType().noDefault()
        .name("bounced").doc("ended not completed within the first 120 s").type().booleanType().noDefault()
        .name("fraction_played").doc("position_s at the end over the item's duration, at most 1").type().doubleType().noDefault()
        .requiredString("category")
        .requiredString("narrator")
        .requiredLong("duration_s")
        .requiredString("feature_schema_version");
    f = FeatureColumns.add(f, Entity.USER);
    f = FeatureColumns.add(f, Entity.CONTENT);
    f = FeatureColumns.add(f, Entity.CONTEXT);
    return f.endRecord();
  }
}
