package io.stillwater.pipelines.streaming;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.push.Trigger;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.ingest.DeadLetter;
import io.stillwater.pipelines.ingest.DeduplicateEvents;
import io.stillwater.pipelines.ingest.ParseEvents;
import io.stillwater.pipelines.lake.Lake;
import io.stillwater.pipelines.lake.WriteDeadLettersParquet;
import io.stillwater.pipelines.lake.WriteEventsParquet;
import io.stillwater.pipelines.streaming.triggers.TriggerConfig;
import io.stillwater.pipelines.streaming.triggers.WriteTriggers;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.StreamPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The streaming pipeline: the batch backfill's own transforms on live records.
 *
 * <pre>
 *  ReadEmbeddedStream | ReadKinesisStream ─▶ ParseEvents (wall clock) ─┬─ dead letters ─▶ windowed Parquet (lake/stream_dead_letter/date=…)
 *                                                                     └─ accepted ─▶ DeduplicateEvents.inStream
 *                                                                           ├─▶ windowed Parquet archive (lake/stream_events/date=…)
 *                                                                           └─▶ UpsertFeatureState ─▶ the slot's online store
 *                                                                                 └─ triggers ─▶ WriteTriggers (embedded log | SQS)
 * </pre>
 *
 * The archive is its own pair of tables because a backfill clears {@code events} and {@code dead_letter}
 * before it writes them.
 */
public final class StreamingPipeline {

  /** The stream's archive of accepted events, as the batch {@code events} table's schema. */
  public static final String ARCHIVE_EVENTS = "stream_events";
  /** The stream's dead letters, as the batch {@code dead_letter} table's schema. */
  public static final String ARCHIVE_DEAD_LETTERS = "stream_dead_letter";

  /**
   * What the transforms after the source need. {@code lake} empty: no Parquet archive (some tests).
   * {@code triggers} empty: no trigger rules.
   */
  public record Settings(StoreTarget store, CatalogSource catalog, Optional<String> lake, Duration dedupRetention,
      Duration archiveWindow, Optional<Triggers> triggers) {

    /** Without trigger rules. */
    public Settings(StoreTarget store, CatalogSource catalog, Optional<String> lake, Duration dedupRetention,
        Duration archiveWindow) {
      this(store, catalog, lake, dedupRetention, archiveWindow, Optional.empty());
    }

    public Settings withTriggers(TriggerConfig rules, WriteTriggers.Sink sink) {
      return new Settings(store, catalog, lake, dedupRetention, archiveWindow, Optional.of(new Triggers(rules, sink)));
    }
  }

  /** The trigger rules to evaluate and where what fires goes. */
  public record Triggers(TriggerConfig rules, WriteTriggers.Sink sink) {}

  private StreamingPipeline() {}

  public static Settings settings(StreamOptions o) {
    String lake = o.getLake() != null && !o.getLake().isBlank() ? o.getLake()
        : Path.of(o.getWorkspace()).resolve("lake").toString();
    return new Settings(StoreTarget.of(o), CatalogSource.of(Optional.ofNullable(o.getCatalog()).map(Path::of)),
        Optional.of(lake), Duration.ofMinutes(o.getDedupRetentionMinutes()), Duration.ofSeconds(o.getArchiveWindowSeconds()),
        triggers(o));
  }

  /**
   * The trigger rules and sink the options name ({@code --triggers}, {@code --triggerSink}, ...); empty for
   * {@code --triggers=off}.
   *
   * @throws IllegalArgumentException naming the option or the config field that is wrong
   */
  public static Optional<Triggers> triggers(StreamOptions o) {
    Optional<TriggerConfig> rules = TriggerConfig.fromOption(o.getTriggers());
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    String kind = o.getTriggerSink() == null ? WriteTriggers.EMBEDDED : o.getTriggerSink();
    WriteTriggers.Sink sink = switch (kind) {
      case WriteTriggers.EMBEDDED -> WriteTriggers.Sink.embedded(WriteTriggers.Sink.embeddedDir(Path.of(o.getWorkspace())));
      case WriteTriggers.SQS -> WriteTriggers.Sink.sqs(o.getTriggerQueueUrl(), Optional.ofNullable(o.getSqsEndpoint()),
          o.getAwsRegionName());
      default -> throw new IllegalArgumentException("--triggerSink must be embedded or sqs, got '" + kind + "'");
    };
    return Optional.of(new Triggers(rules.get(), sink));
  }

  /** The source the options name, from their start position. */
  public static PTransform<PBegin, PCollection<String>> source(StreamOptions o) {
    StreamPosition start = StreamPosition.parse(o.getStartAt());
    return switch (o.getSource()) {
      case "embedded" -> ReadEmbeddedStream.from(EmbeddedEventLog.inWorkspace(Path.of(o.getWorkspace())), start);
      case "kinesis" -> ReadKinesisStream.from(o.getKinesisStream(), o.getKinesisEndpoint(), o.getAwsRegionName(), start);
      default -> throw new IllegalArgumentException("--source must be embedded or kinesis, got '" + o.getSource() + "'");
    };
  }

  /** The whole pipeline on {@code p}. */
  public static void build(Pipeline p, StreamOptions o) {
    process(p.apply("ReadStream", source(o)), settings(o));
  }

  /** Everything after the source: parse, dead-letter, de-duplicate, archive, fold into the store, triggers. */
  public static void process(PCollection<String> lines, Settings s) {
    PCollectionTuple parsed = lines.apply("ParseEvents",
        ParseEvents.against(s.catalog().load().contentIds()).receivedNow());
    PCollection<DeadLetter> deadLetters = parsed.get(ParseEvents.DEAD_LETTERS);
    PCollection<Event> events = parsed.get(ParseEvents.ACCEPTED)
        .apply("DeduplicateEvents", DeduplicateEvents.inStream(s.dedupRetention()));

    UpsertFeatureState upsert = UpsertFeatureState.into(s.store(), s.catalog());
    if (s.triggers().isPresent()) {
      PCollection<Trigger> triggers = events.apply("UpsertFeatureState", upsert.withTriggers(s.triggers().get().rules()));
      triggers.apply("WriteTriggers", WriteTriggers.to(s.triggers().get().sink()));
    } else {
      events.apply("UpsertFeatureState", upsert);
    }

    s.lake().map(Lake::at).ifPresent(lake -> {
      org.joda.time.Duration window = org.joda.time.Duration.millis(s.archiveWindow().toMillis());
      events.apply("ArchiveWindows", Window.<Event>into(FixedWindows.of(window)))
          .apply("ArchiveEvents", WriteEventsParquet.to(lake.table(ARCHIVE_EVENTS)).windowed());
      deadLetters.apply("DeadLetterWindows", Window.<DeadLetter>into(FixedWindows.of(window)))
          .apply("ArchiveDeadLetters", WriteDeadLettersParquet.to(lake.table(ARCHIVE_DEAD_LETTERS)).windowed());
    });
  }
}
