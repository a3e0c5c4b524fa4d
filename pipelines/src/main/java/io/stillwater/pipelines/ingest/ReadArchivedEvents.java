package io.stillwater.pipelines.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.event.EventJson;
import io.stillwater.pipelines.lake.EventRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads a Parquet table of accepted events in the {@code events} schema ({@link EventRecords}), such as the
 * streaming pipeline's archive {@code <lake>/stream_events}, back as event JSON lines, so a backfill can take the
 * events that arrived through the stream (Kinesis on AWS) as input beside the raw history. The lines go through
 * {@code ParseEvents} like any other input, and an event found in both is counted once ({@code DeduplicateEvents}).
 *
 * <p>Every {@code *.parquet} file under the directory, at any depth, except in hidden folders (Beam's
 * {@code .temp-beam…} folders of a write still in progress). An empty or missing directory gives no lines.
 */
public final class ReadArchivedEvents extends PTransform<PBegin, PCollection<String>> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String directory;

  private ReadArchivedEvents(String directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The events of every Parquet file under {@code directory} (local or {@code s3://}). */
  public static ReadArchivedEvents from(String directory) {
    if (directory.isBlank()) {
      throw new IllegalArgumentException("an archive directory is required");
    }
    return new ReadArchivedEvents(directory);
  }

  /** The file pattern the directory stands for. */
  public static String filePattern(String directory) {
    return (directory.endsWith("/") ? directory : directory + "/") + "**.parquet";
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    return input
        .apply("FilePattern", Create.of(filePattern(directory)).withCoder(StringUtf8Coder.of()))
        .apply("MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("SkipHiddenFolders", Filter.by((MatchResult.Metadata m) -> !inHiddenFolder(m.resourceId().toString())))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadParquet", ParquetIO.readFiles(EventRecords.SCHEMA))
        .apply("ToJsonLines", MapElements.into(TypeDescriptors.strings()).via(ReadArchivedEvents::toJsonLine));
  }

  /** The archive's files, for checking before a run what there is to read. */
  public static List<MatchResult.Metadata> matchedFiles(String directory) {
    try {
      MatchResult result = FileSystems.match(List.of(filePattern(directory)), EmptyMatchTreatment.ALLOW).get(0);
      if (result.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      if (result.status() != MatchResult.Status.OK) {
        throw new IOException("cannot list " + directory + ": " + result.status());
      }
      return result.metadata().stream().filter(m -> !inHiddenFolder(m.resourceId().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean inHiddenFolder(String path) {
    return path.contains("/.");
  }

  /** One {@code events} row as the event's JSON line (docs/events.md); an unknown type as it arrived. */
  public static String toJsonLine(GenericRecord r) {
    Object raw = r.get("raw_json");
    if (raw != null) {
      return raw.toString();
    }
    ObjectNode n = MAPPER.createObjectNode();
    n.put("event_id", r.get("event_id").toString());
    n.put("user_id", r.get("user_id").toString());
    n.put("type", r.get("type").toString());
    Object ts = r.get("ts");
    n.put("ts", EventJson.formatTimestamp(ts instanceof Instant i ? i : Instant.ofEpochMilli((Long) ts)));
    for (String field : new String[] {"content_id", "session_id", "query", "source", "request_id", "slot"}) {
      Object v = r.get(field);
      if (v != null) {
        n.put(field, v.toString());
      }
    }
    if (r.get("position_s") instanceof Double d) {
      n.put("position_s", d);
    }
    if (r.get("completed") instanceof Boolean b) {
      n.put("completed", b);
    }
    if (r.get("steps") instanceof Long l) {
      n.put("steps", l);
    }
    if (r.get("heart_rate_bpm") instanceof Double d) {
      n.put("heart_rate_bpm", d);
    }
    if (r.get("content_ids") instanceof Iterable<?> ids) {
      ArrayNode a = n.putArray("content_ids");
      ids.forEach(id -> a.add(id.toString()));
    }
    return n.toString();
  }
}
