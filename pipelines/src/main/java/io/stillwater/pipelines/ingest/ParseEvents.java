package io.stillwater.pipelines.ingest;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.contract.event.Validation;
import io.stillwater.contract.event.Violation;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.DeadLetterCoder;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Validates each raw line against the event contract ({@link EventValidator}: shape, types, limits, the content
 * catalog, and the receiver's clock) and splits the input into {@link #ACCEPTED} typed events and
 * {@link #DEAD_LETTERS}, each with every reason it was rejected.
 *
 * <p>Bad input never throws: each line is counted as {@code lines_read} and as exactly one of
 * {@code events_accepted} or {@code events_dead_lettered} (see {@link PipelineCounters}), so
 * {@code lines_read = events_accepted + events_dead_lettered} for every run. In the style of Beam's mobile-game
 * examples ({@code UserScore.ParseEventFn}), but a bad line goes to an output of its own instead of a log line.
 *
 * <p>The receiver's clock is fixed at {@code receivedAt} (a backfill's start time) rather than read per element,
 * so the same input gives the same split on every runner and on a retry. Accepted events may still contain
 * duplicates (same {@code event_id}); {@link DeduplicateEvents} removes them.
 */
public final class ParseEvents extends PTransform<PCollection<String>, PCollectionTuple> {

  /** Lines that are valid events. */
  public static final TupleTag<Event> ACCEPTED = new TupleTag<>("accepted") {};
  /** Lines that are not, with why. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("dead_letters") {};

  private final List<String> knownContentIds;
  /** null: the wall clock at each line (streaming). */
  private final Instant receivedAt;

  private ParseEvents(List<String> knownContentIds, Instant receivedAt) {
    this.knownContentIds = knownContentIds;
    this.receivedAt = receivedAt;
  }

  /** Validates against these catalog content ids; {@link #receivedAt} must follow. */
  public static Builder against(Collection<String> knownContentIds) {
    return new Builder(knownContentIds);
  }

  /** The second half of {@link #against}. */
  public static final class Builder {
    private final List<String> ids;

    private Builder(Collection<String> ids) {
      // sorted, so the transform's serialized form does not depend on a set's iteration order
      this.ids = List.copyOf(new TreeSet<>(ids));
      if (this.ids.isEmpty()) {
        throw new IllegalArgumentException("an empty catalog would reject every content event");
      }
    }

    /** The receiver's clock for future-timestamp checks, and every dead letter's {@code received_at}. */
    public ParseEvents receivedAt(Instant receivedAt) {
      return new ParseEvents(ids, Objects.requireNonNull(receivedAt, "receivedAt"));
    }

    /**
     * The wall clock at each line, for the streaming pipeline: a clock fixed at start would call every event
     * after the first few minutes of a long run "in the future". Same validation otherwise.
     */
    public ParseEvents receivedNow() {
      return new ParseEvents(ids, null);
    }
  }

  @Override
  public PCollectionTuple expand(PCollection<String> lines) {
    PCollectionTuple parsed =
        lines.apply(
            "Validate",
            ParDo.of(new ParseEventFn(new ArrayList<>(knownContentIds), receivedAt))
                .withOutputTags(ACCEPTED, TupleTagList.of(DEAD_LETTERS)));
    parsed.get(ACCEPTED).setCoder(EventCoder.of());
    parsed.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return parsed;
  }

  /** Line in, exactly one of an event or a dead letter out. */
  static final class ParseEventFn extends DoFn<String, Event> {
    private final ArrayList<String> knownContentIds;
    private final Instant receivedAt;
    private final Counter linesRead = PipelineCounters.counter(PipelineCounters.LINES_READ);
    private final Counter accepted = PipelineCounters.counter(PipelineCounters.EVENTS_ACCEPTED);
    private final Counter deadLettered = PipelineCounters.counter(PipelineCounters.EVENTS_DEAD_LETTERED);
    private transient EventValidator validator;

    ParseEventFn(ArrayList<String> knownContentIds, Instant receivedAt) {
      this.knownContentIds = knownContentIds;
      this.receivedAt = receivedAt;
    }

    @Setup
    public void setup() {
      Clock clock = receivedAt == null ? Clock.systemUTC() : Clock.fixed(receivedAt, ZoneOffset.UTC);
      validator = new EventValidator(Set.copyOf(knownContentIds), clock);
    }

    @ProcessElement
    public void processElement(@Element String line, MultiOutputReceiver out) {
      linesRead.inc();
      Validation validation;
      try {
        validation = validator.validate(line);
      } catch (RuntimeException bug) {
        // The validator promises not to throw; if it ever does, the line is still dead-lettered, not lost.
        validation = new Validation.Rejected(List.of(new Violation(Violation.WHOLE_DOCUMENT, "validator failed: " + bug)));
      }
      if (validation instanceof Validation.Accepted a) {
        accepted.inc();
        out.get(ACCEPTED).output(a.event());
      } else {
        deadLettered.inc();
        Instant at = receivedAt == null ? Instant.now() : receivedAt;
        out.get(DEAD_LETTERS).output(DeadLetter.of(line, (Validation.Rejected) validation, at));
      }
    }
  }
}
