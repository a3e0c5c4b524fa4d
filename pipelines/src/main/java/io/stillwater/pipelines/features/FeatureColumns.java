package io.stillwater.pipelines.features;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.state.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;

/**
 * Feature values as Parquet columns: one nullable column per registered feature, named after it (counts as
 * long, numbers as double, embeddings as list of float). A missing value is a null cell.
 */
public final class FeatureColumns {
  private FeatureColumns() {}

  public static SchemaBuilder.FieldAssembler<Schema> add(SchemaBuilder.FieldAssembler<Schema> fields, Entity entity) {
    for (FeatureDefinition f : FeatureRegistry.forEntity(entity)) {
      fields = switch (f.type()) {
        case COUNT -> fields.name(f.name()).doc(f.description()).type().optional().longType();
        case NUMBER -> fields.name(f.name()).doc(f.description()).type().optional().doubleType();
        case VECTOR -> fields.name(f.name()).doc(f.description()).type().optional().array().items().floatType();
      };
    }
    return fields;
  }

  public static void fill(GenericRecord record, FeatureVector vector) {
    vector.values().forEach((name, value) -> record.put(name, toAvro(value)));
  }

  private static Object toAvro(Object value) {
    if (value instanceof float[] floats) {
      List<Float> list = new ArrayList<>(floats.length);
      for (float f : floats) {
        list.add(f);
      }
      return list;
    }
    return value;
  }

  /** A timestamp column (UTC instant, millisecond precision). */
  public static Schema timestampMillis() {
    return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
  }

  public static Schema optional(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }
}
