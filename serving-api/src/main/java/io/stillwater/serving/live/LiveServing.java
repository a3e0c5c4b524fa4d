package io.stillwater.serving.live;

import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.serving.background.BackgroundThreads;
import io.stillwater.trainer.ModelScorer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot swap: what the API serves from is one {@link Current} (the live generation's store view and its
 * model), replaced atomically. A background thread follows the {@link LiveFeatureReader}; when the live pointer
 * moves it loads the new generation's model first and only then switches, so no request waits for a model load
 * and a request that took the previous {@code Current} finishes on it.
 *
 * <p>When the new model cannot be loaded the switch still happens (the registry says what is live) and requests
 * fall back to popularity with the reason; the load is retried on later checks.
 */
public final class LiveServing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveServing.class);

  /** One generation's store and its model (empty when it did not load). */
  public record Current(LiveFeatureReader.LiveView view, Optional<ModelScorer> model) {
    public Generation generation() {
      return view.generation();
    }
  }

  private final LiveFeatureReader reader;
  private final ModelCache models;
  private final AtomicReference<Current> current = new AtomicReference<>();
  private final ScheduledExecutorService swapper;

  public LiveServing(LiveFeatureReader reader, ModelCache models) {
    this(reader, models, Duration.ofMillis(50));
  }

  /** Loads what is live now (before returning), then checks for a moved pointer every {@code checkEvery}. */
  public LiveServing(LiveFeatureReader reader, ModelCache models, Duration checkEvery) {
    this.reader = reader;
    this.models = models;
    check();
    // Loading a model is background work: at the lowest priority it takes only what the requests leave.
    swapper = Executors.newSingleThreadScheduledExecutor(new BackgroundThreads("live-serving-swap"));
    long millis = checkEvery.toMillis();
    swapper.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** What to serve from now; empty while nothing is live (or after close). */
  public Optional<Current> current() {
    return Optional.ofNullable(current.get());
  }

  /** A generation is live and its model is loaded. */
  public boolean ready() {
    Current c = current.get();
    return c != null && c.model().isPresent();
  }

  /** Follows the reader once: swaps in the live generation (model loaded first) if it changed. */
  public void check() {
    Optional<LiveFeatureReader.LiveView> live;
    try {
      live = reader.live();
    } catch (IllegalStateException closed) {
      current.set(null);
      return;
    }
    Current was = current.get();
    if (live.isEmpty()) {
      current.set(null);
      return;
    }
    LiveFeatureReader.LiveView view = live.get();
    boolean sameGeneration = was != null && was.generation().equals(view.generation());
    if (sameGeneration && was.model().isPresent()) {
      return;
    }
    Optional<ModelScorer> model = models.get(view.generation().modelId()); // the slow part, off the request path
    if (sameGeneration && model.isEmpty()) {
      return; // still missing: keep serving the fallback
    }
    current.set(new Current(view, model));
    if (!sameGeneration) {
      LOG.info("serving generation {} ({}) with model {}{}", view.generation().number(), view.slot().wireName(),
          view.generation().modelId(), model.isPresent() ? "" : " (model missing: popularity fallback)");
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("live generation check failed; serving the previous one: {}", e.toString());
    }
  }

  @Override
  public void close() {
    swapper.shutdownNow();
    try {
      swapper.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current.set(null);
  }
}
