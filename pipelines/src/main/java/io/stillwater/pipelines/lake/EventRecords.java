package io.stillwater.pipelines.lake;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.contract.event.UnknownEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The {@code events} table's schema (one row per accepted, de-duplicated event; docs/lake.md) and the mapping
 * from {@link Event}. One wide schema for every type: the common fields are required, each type's fields are
 * nullable typed columns (null where the type has no such field), and an unknown type keeps its JSON in
 * {@code raw_json}.
 */
public final class EventRecords {

  public static final String SCHEMA_JSON =
      """
      {"type": "record", "name": "Event", "namespace": "io.stillwater.lake",
       "doc": "One accepted, de-duplicated app event (docs/lake.md, table events).",
       "fields": [
        {"name": "event_id", "type": "string"},
        {"name": "user_id", "type": "string"},
        {"name": "type", "type": "string"},
        {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "content_id", "type": ["null", "string"], "default": null},
        {"name": "session_id", "type": ["null", "string"], "default": null},
        {"name": "position_s", "type": ["null", "double"], "default": null},
        {"name": "completed", "type": ["null", "boolean"], "default": null},
        {"name": "query", "type": ["null", "string"], "default": null},
        {"name": "steps", "type": ["null", "long"], "default": null},
        {"name": "heart_rate_bpm", "type": ["null", "double"], "default": null},
        {"name": "source", "type": ["null", "string"], "default": null},
        {"name": "request_id", "type": ["null", "string"], "default": null},
        {"name": "slot", "type": ["null", "string"], "default": null},
        {"name": "content_ids", "type": ["null", {"type": "array", "items": "string"}], "default": null},
        {"name": "raw_json", "type": ["null", "string"], "default": null}
       ]}
      """;

  public static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);

  private EventRecords() {}

  public static GenericRecord toRecord(Event event) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("event_id", event.eventId());
    r.put("user_id", event.userId());
    r.put("type", event.type());
    r.put("ts", event.ts().toEpochMilli()); // timestamp-millis is the raw long; no Avro conversion needed
    if (event instanceof ContentStart e) {
      r.put("content_id", e.contentId());
      r.put("session_id", e.sessionId());
    } else if (event instanceof ContentProgress e) {
      r.put("content_id", e.contentId());
      r.put("session_id", e.sessionId());
      r.put("position_s", e.positionS());
    } else if (event instanceof ContentEnd e) {
      r.put("content_id", e.contentId());
      r.put("session_id", e.sessionId());
      r.put("position_s", e.positionS());
      r.put("completed", e.completed());
    } else if (event instanceof Search e) {
      r.put("query", e.query());
    } else if (event instanceof Biometric e) {
      r.put("steps", e.steps() == null ? null : e.steps().longValue());
      r.put("heart_rate_bpm", e.heartRateBpm());
      r.put("source", e.source());
    } else if (event instanceof RecommendationImpression e) {
      r.put("request_id", e.requestId());
      r.put("slot", e.slot());
      r.put("content_ids", e.contentIds());
    } else if (event instanceof UnknownEvent e) {
      r.put("raw_json", e.rawJson());
    }
    return r;
  }

  /** The partition a row goes to: the UTC date of its {@code ts}, {@code YYYY-MM-DD}. */
  public static String partitionDate(GenericRecord record) {
    return utcDate(record.get("ts"));
  }

  /** The UTC date of a {@code timestamp-millis} value, whether Avro hands it over as a long or an Instant. */
  static String utcDate(Object timestampMillis) {
    Instant instant = timestampMillis instanceof Instant i ? i : Instant.ofEpochMilli((Long) timestampMillis);
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
