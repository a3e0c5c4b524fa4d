package io.stillwater.pipelines.features;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Entity snapshots as rows of {@link SnapshotSchema}. */
public final class SnapshotRows extends PTransform<PCollection<EntitySnapshot>, PCollection<GenericRecord>> {

  private final Entity entity;

  public SnapshotRows(Entity entity) {
    this.entity = entity;
  }

  @Override
  public PCollection<GenericRecord> expand(PCollection<EntitySnapshot> snapshots) {
    Schema schema = SnapshotSchema.of(entity);
    return snapshots.apply(ParDo.of(new RowFn(entity))).setCoder(AvroCoder.of(GenericRecord.class, schema));
  }

  static final class RowFn extends DoFn<EntitySnapshot, GenericRecord> {
    private final Entity entity;
    private transient Schema schema;

    RowFn(Entity entity) {
      this.entity = entity;
    }

    @Setup
    public void setup() {
      schema = SnapshotSchema.of(entity);
    }

    @ProcessElement
    public void process(@Element EntitySnapshot s, OutputReceiver<GenericRecord> out) {
      GenericRecord row = new GenericData.Record(schema);
      row.put("entity_id", s.entityId());
      row.put("as_of", s.values().asOf().toEpochMilli());
      row.put("newest_event_ts", s.newestEventMs() == Long.MIN_VALUE ? null : s.newestEventMs());
      row.put("state", ByteBuffer.wrap(s.state()));
      row.put("feature_schema_version", FeatureRegistry.schemaVersion());
      FeatureColumns.fill(row, s.values());
      out.output(row);
    }
  }
}
