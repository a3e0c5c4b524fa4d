package io.stillwater.pipelines.streaming;

import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.push.Trigger;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import io.stillwater.pipelines.coders.EventCoder;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.streaming.triggers.TriggerCoder;
import io.stillwater.pipelines.streaming.triggers.TriggerConfig;
import io.stillwater.pipelines.streaming.triggers.TriggerRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * Keeps each user's and each content item's feature state in a stateful DoFn, folds every event into it with
 * the features module's code (what batch's {@code ComputeUserFeatures}/{@code ComputeContentFeatures} fold, so
 * values agree), and upserts the encoded state into the slot's online store.
 *
 * <ul>
 *   <li><b>Starting state.</b> The first event of an entity starts from the store's row when there is one: a
 *       slot freshly loaded from a backfill snapshot up to a watermark continues from it (the hand-off).</li>
 *   <li><b>Replays without a checkpoint.</b> A run that starts from a store row (a fresh start, or a replay
 *       from an earlier position) takes every event no newer than that row's {@code newestEventMs} as already
 *       counted, and skips it ({@code events_already_stored}). So replaying the stream into a slot never
 *       counts an event twice. The price: an event that arrives after such a restart but is older than its
 *       entity's stored row is not counted either. A restart from a checkpoint restores the state itself and
 *       needs no such rule.</li>
 *   <li><b>Row version.</b> A row's {@code newestEventMs} is the newest event time in the state, but moved at
 *       least 1 ms past the previous row's when an out-of-order event changed the state, because the store
 *       writes only strictly newer rows. Replays of the same events from a checkpoint give the same rows and
 *       versions, which the store ignores: features never move backwards.</li>
 *   <li><b>Batching.</b> Rows are buffered and written once per bundle (one store transaction), which is
 *       what lets LMDB keep up at thousands of events/s; the runner finishes a bundle before it checkpoints,
 *       so a checkpoint never covers an unwritten row.</li>
 *   <li><b>Progress.</b> After a bundle's commit, each instance records how far along the stream it has applied
 *       (the newest arrival time among the events it folded or skipped, and when it committed) as its own
 *       {@link io.stillwater.featurestore.progress.StreamProgress} beside the slot's registry, at most every
 *       {@link #PROGRESS_EVERY} ({@link ProgressRecorder}). That is the caught-up signal
 *       {@code stillwater generation stream-status} reads, on any runner and at any parallelism.</li>
 *   <li><b>Freshness.</b> After each write, every event of the bundle records event time → now and arrival
 *       time → now in {@link StreamMetrics} and the {@code freshness_ms} distribution.</li>
 *   <li><b>Triggers.</b> With {@link #withTriggers trigger rules}, the user fold evaluates them
 *       ({@link TriggerRules}) on each event it folds, against the state right after the fold, and outputs what
 *       fires once the bundle's rows are committed, so a push's recommendation request already sees the state
 *       that caused it. Events skipped as already counted fire nothing, so a replay into a slot does not fire
 *       again; a replay from a checkpoint re-fires the same trigger ids (the push worker's idempotency key).</li>
 * </ul>
 *
 * The output is the triggers (empty without rules).
 */
public final class UpsertFeatureState extends PTransform<PCollection<Event>, PCollection<Trigger>> {

  /** How often each store writer records its progress while events come in (and on turning caught up/behind). */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final StoreTarget store;
  private final CatalogSource catalog;
  private final TriggerConfig triggers;

  private UpsertFeatureState(StoreTarget store, CatalogSource catalog, TriggerConfig triggers) {
    this.store = store;
    this.catalog = catalog;
    this.triggers = triggers;
  }

  public static UpsertFeatureState into(StoreTarget store, CatalogSource catalog) {
    return new UpsertFeatureState(store, catalog, null);
  }

  /** Also evaluates {@code rules} on every user fold and outputs the triggers that fire. */
  public UpsertFeatureState withTriggers(TriggerConfig rules) {
    return new UpsertFeatureState(store, catalog, rules);
  }

  @Override
  public PCollection<Trigger> expand(PCollection<Event> events) {
    KvCoder<String, Event> coder = KvCoder.of(StringUtf8Coder.of(), EventCoder.of());
    PCollection<Trigger> fired = events
        .apply("KeyByUser", MapElements.into(kvType()).via((Event e) -> KV.of(e.userId(), e)))
        .setCoder(coder)
        .apply("FoldUserState", ParDo.of(new FoldIntoStoreFn(store, catalog, true, triggers)))
        .setCoder(TriggerCoder.of());
    events
        .apply("SessionEvents", Filter.by((Event e) -> e instanceof ContentStart || e instanceof ContentEnd))
        .apply("KeyByContent", MapElements.into(kvType()).via((Event e) -> KV.of(contentId(e), e)))
        .setCoder(coder)
        .apply("FoldContentState", ParDo.of(new FoldIntoStoreFn(store, catalog, false, null)))
        .setCoder(TriggerCoder.of());
    return fired;
  }

  private static TypeDescriptor<KV<String, Event>> kvType() {
    return TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Event.class));
  }

  private static String contentId(Event e) {
    return e instanceof ContentStart s ? s.contentId() : ((ContentEnd) e).contentId();
  }

  static final class FoldIntoStoreFn extends DoFn<KV<String, Event>, Trigger> {
    private final StoreTarget target;
    private final CatalogSource catalogSource;
    private final boolean users;
    /** Null: no trigger rules. */
    private final TriggerConfig triggerConfig;
    private final Counter triggersFired = Metrics.counter("stream", "triggers_fired");
    private final Counter foldedCount = Metrics.counter("stream", "events_folded");
    private final Counter written = Metrics.counter("stream", "rows_written");
    private final Counter ignored = Metrics.counter("stream", "rows_ignored");
    private final Distribution freshness = Metrics.distribution("stream", "freshness_ms");

    @StateId("state")
    private final StateSpec<ValueState<byte[]>> stateSpec = StateSpecs.value(ByteArrayCoder.of());

    @StateId("version")
    private final StateSpec<ValueState<Long>> versionSpec = StateSpecs.value(VarLongCoder.of());

    /** The stored row's version this run started from (absent: none); events no newer were counted before. */
    @StateId("seeded")
    private final StateSpec<ValueState<Long>> seededSpec = StateSpecs.value(VarLongCoder.of());
    private final Counter alreadyStored = Metrics.counter("stream", "events_already_stored");

    private transient EntityFolding folding;
    private transient OnlineStore store;
    private transient Map<String, StoredState> pending;
    private transient List<long[]> pendingTimes;
    private transient TriggerRules rules;
    private transient ProgressRecorder progress;
    /** Triggers fired in this bundle, output after its rows are committed. */
    private transient List<Fired> pendingTriggers;

    private record Fired(Trigger trigger, Instant timestamp, BoundedWindow window) {}

    FoldIntoStoreFn(StoreTarget target, CatalogSource catalogSource, boolean users, TriggerConfig triggerConfig) {
      this.target = target;
      this.catalogSource = catalogSource;
      this.users = users;
      this.triggerConfig = triggerConfig;
    }

    @Setup
    public void setup() {
      var catalog = catalogSource.load();
      folding = users ? EntityFolding.users(catalog) : EntityFolding.contents();
      rules = users && triggerConfig != null ? new TriggerRules(triggerConfig, catalog) : null;
      store = target.open();
      String writer = (users ? "users-" : "content-") + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
      progress = new ProgressRecorder(target.openProgress(), target.parsedSlot(), writer, PROGRESS_EVERY);
    }

    @StartBundle
    public void startBundle() {
      pending = new LinkedHashMap<>();
      pendingTimes = new ArrayList<>();
      pendingTriggers = new ArrayList<>();
      progress.bundleStarted();
    }

    @ProcessElement
    public void process(@Element KV<String, Event> element, @Timestamp Instant arrived, BoundedWindow window,
        @StateId("state") ValueState<byte[]> stateCell, @StateId("version") ValueState<Long> versionCell,
        @StateId("seeded") ValueState<Long> seededCell) {
      String id = element.getKey();
      Event event = element.getValue();
      byte[] before = stateCell.read();
      long version;
      Long seeded;
      if (before == null) {
        Optional<StoredState> row = store.get(folding.entity(), id);
        before = row.map(StoredState::state).orElse(null);
        version = row.map(StoredState::newestEventMs).orElse(StoredState.NO_EVENTS);
        seeded = version == StoredState.NO_EVENTS ? null : version;
        if (seeded != null) {
          stateCell.write(before);
          versionCell.write(version);
          seededCell.write(seeded);
        }
      } else {
        version = versionCell.read();
        seeded = seededCell.read();
      }
      progress.applied(arrived.getMillis()); // counted once the bundle commits, folded or skipped
      if (seeded != null && event.ts().toEpochMilli() <= seeded) {
        alreadyStored.inc();
        return;
      }
      EntityFolding.Folded folded = folding.fold(before, event);
      byte[] after = folded.state();
      foldedCount.inc();
      StreamMetrics.EVENTS_FOLDED.increment();
      pendingTimes.add(new long[] {event.ts().toEpochMilli(), arrived.getMillis()});
      if (before != null && Arrays.equals(before, after)) {
        return; // an event these features ignore (unknown type, content not in the catalog)
      }
      long newest = folded.newestEventMs();
      long next = version == StoredState.NO_EVENTS ? newest : Math.max(newest, version + 1);
      stateCell.write(after);
      versionCell.write(next);
      pending.put(id, new StoredState(folding.entity(), id, next, after));
      if (rules != null) {
        for (Trigger t : rules.evaluate(event, folded.user(), System.currentTimeMillis())) {
          pendingTriggers.add(new Fired(t, arrived, window));
        }
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      long rows = 0;
      if (!pending.isEmpty()) {
        OnlineStore.UpsertResult result = store.upsert(new ArrayList<>(pending.values()));
        written.inc(result.written());
        ignored.inc(result.ignored());
        StreamMetrics.ROWS_UPSERTED.add(result.written());
        StreamMetrics.ROWS_IGNORED.add(result.ignored());
        rows = result.written();
      }
      progress.committed(rows, System.currentTimeMillis()); // after the commit: never claims an unapplied event
      for (Fired f : pendingTriggers) { // after the commit: the push sees this state
        context.output(f.trigger(), f.timestamp(), f.window());
      }
      triggersFired.inc(pendingTriggers.size());
      pendingTriggers.clear();
      if (users) { // each event is timed once: every event reaches the user fold, only some the content fold
        long now = System.currentTimeMillis();
        for (long[] t : pendingTimes) {
          freshness.update(now - t[0]);
          StreamMetrics.FRESHNESS.record(now - t[0]);
          StreamMetrics.FRESHNESS_TOTAL.record(now - t[0]);
          StreamMetrics.LAG.record(now - t[1]);
        }
      }
      pending.clear();
      pendingTimes.clear();
    }

    @Teardown
    public void teardown() {
      if (progress != null) {
        progress.flush();
        progress.close();
      }
      if (store != null) {
        store.close();
      }
    }
  }

}
