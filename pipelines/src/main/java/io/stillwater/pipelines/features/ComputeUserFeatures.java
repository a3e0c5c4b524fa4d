package io.stillwater.pipelines.features;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.Bounce;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Folds each user's events, in event-time order, through {@link UserFeatures}: for every session that
 * started and ended, the user's features as they were strictly before it started ({@link #SESSIONS}); and
 * each user's state and values as of the watermark ({@link #SNAPSHOTS}).
 *
 * <p>Point-in-time correctness comes from the order: a session's features are read before any event at or
 * after its start is folded in, and every window excludes asOf itself.
 */
public final class ComputeUserFeatures extends PTransform<PCollection<Event>, PCollectionTuple> {

  public static final TupleTag<SessionStartFeatures> SESSIONS = new TupleTag<>() {};
  public static final TupleTag<EntitySnapshot> SNAPSHOTS = new TupleTag<>() {};

  private final CatalogSource catalog;
  private final Instant watermark;

  /** @param watermark the time snapshots are read at: the backfill's --until */
  public ComputeUserFeatures(CatalogSource catalog, Instant watermark) {
    this.catalog = catalog;
    this.watermark = watermark;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    PCollectionTuple out = events
        .apply("KeyByUser", WithKeys.of((Event e) -> e.userId()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply("GroupByUser", GroupByKey.create())
        .apply("FoldUserEvents", ParDo.of(new FoldFn(catalog, watermark)).withOutputTags(SESSIONS, TupleTagList.of(SNAPSHOTS)));
    out.get(SESSIONS).setCoder(SerializableCoder.of(SessionStartFeatures.class));
    out.get(SNAPSHOTS).setCoder(SerializableCoder.of(EntitySnapshot.class));
    return out;
  }

  /** Events of one user in a deterministic event-time order (ties broken by event_id). */
  static List<Event> inEventTimeOrder(Iterable<Event> events) {
    List<Event> sorted = new ArrayList<>();
    events.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Event::ts).thenComparing(Event::eventId));
    return sorted;
  }

  static final class FoldFn extends DoFn<KV<String, Iterable<Event>>, SessionStartFeatures> {
    private final CatalogSource catalogSource;
    private final Instant watermark;
    private final Counter sessions = PipelineCounters.counter(PipelineCounters.SESSIONS_LABELLED);
    private final Counter users = PipelineCounters.counter(PipelineCounters.USERS_FEATURIZED);
    private transient UserFeatures features;
    private transient Map<String, Long> durations;

    FoldFn(CatalogSource catalogSource, Instant watermark) {
      this.catalogSource = catalogSource;
      this.watermark = watermark;
    }

    @Setup
    public void setup() {
      Catalog catalog = catalogSource.load();
      features = new UserFeatures(catalog, SearchFeatures.withSharedModel(catalog));
      durations = new HashMap<>();
      catalog.items().forEach(i -> durations.put(i.contentId(), (long) i.durationS()));
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Event>> user, MultiOutputReceiver out) {
      String userId = user.getKey();
      UserFeatureState state = new UserFeatureState();
      Map<String, Pending> open = new HashMap<>();
      for (Event event : inEventTimeOrder(user.getValue())) {
        if (event instanceof ContentStart start && durations.containsKey(start.contentId())) {
          open.put(start.sessionId(), new Pending(start, features.valuesAt(userId, state, start.ts())));
        } else if (event instanceof ContentEnd end) {
          Pending p = open.remove(end.sessionId());
          if (p != null && p.start().contentId().equals(end.contentId())) {
            out.get(SESSIONS).output(session(p, end));
            sessions.inc();
          }
        }
        features.update(state, event);
      }
      users.inc();
      out.get(SNAPSHOTS).output(new EntitySnapshot(
          userId, state.facts().newest(), StateCodec.encode(state), features.valuesAt(userId, state, watermark)));
    }

    private SessionStartFeatures session(Pending p, ContentEnd end) {
      double fraction = Math.min(1.0, end.positionS() / durations.get(p.start().contentId()));
      return new SessionStartFeatures(p.start().sessionId(), p.start().userId(), p.start().contentId(),
          p.start().ts().toEpochMilli(), end.ts().toEpochMilli(), end.completed(), Bounce.is(end), fraction, p.values());
    }
  }

  private record Pending(ContentStart start, FeatureVector values) {}
}
