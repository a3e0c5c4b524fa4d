package io.stillwater.pipelines.ingest;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one event per {@code event_id}: the first by event time, ties broken by the event's JSON text, so the
 * result is the same on every runner whatever order copies arrive in. Counts {@code events_duplicate} (copies
 * dropped: n - 1 for an id seen n times) and {@code events_unique} (events kept), so
 * {@code events_accepted = events_unique + events_duplicate}.
 *
 * <p>How: every copy of an id lands in the same bucket ({@code floorMod(event_id.hashCode(), buckets)}; String's
 * hash is fixed by the JLS, so buckets are the same on every JVM), one {@code GroupByKey} gathers each bucket,
 * and a map of id → best copy within the bucket decides. Memory is bounded by the distinct events of one bucket;
 * raise {@link #withBuckets} with the data (the backfill sizes it from its input). Grouping by the id itself
 * ({@code Combine.perKey}) would need no such bound, but the DirectRunner then emits one bundle per event id, and
 * every {@code GroupByKey} downstream (the Parquet writers', the feature transforms') copies its whole in-memory
 * state once per bundle: quadratic, measured at 110 s for 5,000 events. Buckets keep bundles few on every runner.
 *
 * <p><b>Batch only, as written.</b> A {@code GroupByKey} in the global window sees every copy of an id before it
 * decides, which is exactly right for a bounded backfill; on an unbounded stream the global window never closes,
 * so it would never emit. The streaming pipeline needs another implementation of the same contract: a stateful
 * {@code DoFn} keyed by {@code event_id} that emits the first copy it sees and remembers the id for a bounded
 * time (an expiry timer beyond the latest duplicate delay), or this transform inside event-time windows. There
 * "first" can only mean first to arrive, which equals this transform's choice whenever copies are identical (true
 * redeliveries, as the simulator makes them) and may differ when two different events share an id; a copy arriving
 * after the expiry would pass. The batch/stream consistency check should cover both.
 */
public final class DeduplicateEvents extends PTransform<PCollection<Event>, PCollection<Event>> {

  /** Enough for a few million events on one machine; the backfill picks more for bigger inputs. */
  public static final int DEFAULT_BUCKETS = 16;

  /** Which of two copies of an id is kept: earlier {@code ts}, then smaller JSON text. */
  static final Comparator<Event> FIRST = Comparator.comparing(Event::ts).thenComparing(EventJson::write);

  private final int buckets;

  private DeduplicateEvents(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.buckets = buckets;
  }

  public static DeduplicateEvents byEventId() {
    return new DeduplicateEvents(DEFAULT_BUCKETS);
  }

  /**
   * The same rule for an unbounded stream, where a group-by-key never closes: ids kept in keyed state for
   * {@code retention} of arrival time (see {@link DeduplicateEventsInStream}).
   */
  public static DeduplicateEventsInStream inStream(java.time.Duration retention) {
    return new DeduplicateEventsInStream(retention);
  }

  /** How many groups the ids are spread over: more for more data (memory) or more workers (parallelism). */
  public DeduplicateEvents withBuckets(int buckets) {
    return new DeduplicateEvents(buckets);
  }

  public int buckets() {
    return buckets;
  }

  static int bucketOf(String eventId, int buckets) {
    return Math.floorMod(eventId.hashCode(), buckets);
  }

  @Override
  public PCollection<Event> expand(PCollection<Event> events) {
    int n = buckets;
    return events
        .apply("KeyByIdBucket",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptor.of(Event.class)))
                .via((Event e) -> KV.of(bucketOf(e.eventId(), n), e)))
        .setCoder(KvCoder.of(VarIntCoder.of(), EventCoder.of()))
        .apply("GroupByIdBucket", GroupByKey.create())
        .apply("KeepFirstCopyPerId", ParDo.of(new KeepFirstFn()))
        .setCoder(EventCoder.of());
  }

  static final class KeepFirstFn extends DoFn<KV<Integer, Iterable<Event>>, Event> {
    private final Counter duplicates = PipelineCounters.counter(PipelineCounters.EVENTS_DUPLICATE);
    private final Counter unique = PipelineCounters.counter(PipelineCounters.EVENTS_UNIQUE);

    @ProcessElement
    public void processElement(@Element KV<Integer, Iterable<Event>> bucket, OutputReceiver<Event> out) {
      Map<String, Event> first = new HashMap<>();
      long copies = 0;
      for (Event e : bucket.getValue()) {
        copies++;
        first.merge(e.eventId(), e, (kept, other) -> FIRST.compare(other, kept) < 0 ? other : kept);
      }
      unique.inc(first.size());
      duplicates.inc(copies - first.size());
      first.values().forEach(out::output);
    }
  }
}
