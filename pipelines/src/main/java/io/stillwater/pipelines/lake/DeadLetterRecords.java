package io.stillwater.pipelines.lake;

import io.stillwater.pipelines.ingest.DeadLetter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The {@code dead_letter} table's schema (one row per rejected input line; docs/lake.md) and its mapping. */
public final class DeadLetterRecords {

  public static final String SCHEMA_JSON =
      """
      {"type": "record", "name": "DeadLetter", "namespace": "io.stillwater.lake",
       "doc": "One input line that is not a valid event, with why (docs/lake.md, table dead_letter).",
       "fields": [
        {"name": "raw", "type": "string"},
        {"name": "reason", "type": "string"},
        {"name": "fields", "type": {"type": "array", "items": "string"}},
        {"name": "received_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
       ]}
      """;

  public static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);

  private DeadLetterRecords() {}

  public static GenericRecord toRecord(DeadLetter deadLetter) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("raw", deadLetter.raw());
    r.put("reason", deadLetter.reason());
    r.put("fields", deadLetter.fields());
    r.put("received_at", deadLetter.receivedAt().toEpochMilli());
    return r;
  }

  /** The partition a row goes to: the UTC date it was received. */
  public static String partitionDate(GenericRecord record) {
    return EventRecords.utcDate(record.get("received_at"));
  }
}
