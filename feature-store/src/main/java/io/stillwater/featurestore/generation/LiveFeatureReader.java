package io.stillwater.featurestore.generation;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What the serving API reads through: it follows the registry's live pointer (a background thread polls it
 * every {@code pollInterval}, 200 ms by default, so a flip is seen well within a second) and hands out a
 * {@link LiveView} bound to one generation. A request takes one view with {@link #live()} and does all its
 * reads through it, so it is answered wholly from one generation even if a flip happens meanwhile.
 *
 * <p>Both slots' stores are opened once and kept open until {@link #close}: a view taken just before a flip
 * stays usable.
 */
public final class LiveFeatureReader implements AutoCloseable {

  private final GenerationRegistry registry;
  private final Function<Slot, OnlineStore> opener;
  private final Map<Slot, OnlineStore> stores = new EnumMap<>(Slot.class);
  private final AtomicReference<LiveView> current = new AtomicReference<>();
  private final ScheduledExecutorService poller;
  private volatile boolean closed;
  private volatile RuntimeException lastPollError;

  public LiveFeatureReader(GenerationRegistry registry, Function<Slot, OnlineStore> opener) {
    this(registry, opener, Duration.ofMillis(200));
  }

  public LiveFeatureReader(GenerationRegistry registry, Function<Slot, OnlineStore> opener, Duration pollInterval) {
    this.registry = registry;
    this.opener = opener;
    refresh();
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "live-generation-poller");
      t.setDaemon(true);
      return t;
    });
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One generation's store, for the duration of one request. */
  public record LiveView(Generation generation, OnlineStore store) {
    public Slot slot() {
      return generation.slot();
    }

    public Optional<StoredState> get(Entity entity, String id) {
      return store.get(entity, id);
    }

    public Map<String, StoredState> getAll(Entity entity, Collection<String> ids) {
      return store.getAll(entity, ids);
    }

    /** The user's feature values at {@code asOf}, computed from the stored state. */
    public Optional<FeatureVector> userValues(UserFeatures features, String userId, Instant asOf) {
      return get(Entity.USER, userId).map(s -> features.valuesAt(userId, StateCodec.decodeUser(s.state()), asOf));
    }

    public Optional<FeatureVector> contentValues(ContentFeatures features, String contentId, Instant asOf) {
      return get(Entity.CONTENT, contentId)
          .map(s -> features.valuesAt(contentId, StateCodec.decodeContent(s.state()), asOf));
    }
  }

  /** The live generation's view, empty while nothing is live. */
  public Optional<LiveView> live() {
    if (closed) {
      throw new IllegalStateException("reader closed");
    }
    return Optional.ofNullable(current.get());
  }

  /** The last error reading the registry, if the latest poll failed (the previous view stays in use). */
  public Optional<RuntimeException> lastPollError() {
    return Optional.ofNullable(lastPollError);
  }

  /** Reads the registry now and switches the view if the live pointer moved. */
  public void refresh() {
    RegistryState s = registry.read();
    Generation live = s.liveGeneration().orElse(null);
    LiveView view = current.get();
    if (live == null) {
      current.set(null);
    } else if (view == null || view.generation().number() != live.number()
        || !view.generation().equals(live)) {
      current.set(new LiveView(live, store(live.slot())));
    }
  }

  private synchronized OnlineStore store(Slot slot) {
    return stores.computeIfAbsent(slot, opener);
  }

  /** One scheduled poll; a failure is kept for health reporting and the next poll tries again. */
  private void poll() {
    try {
      refresh();
      lastPollError = null;
    } catch (RuntimeException e) {
      lastPollError = e;
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      stores.values().forEach(OnlineStore::close);
      stores.clear();
    }
  }
}
