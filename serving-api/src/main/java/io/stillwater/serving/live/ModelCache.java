package io.stillwater.serving.live;

import io.stillwater.trainer.ModelScorer;
import io.stillwater.trainer.registry.LocalModelSource;
import io.stillwater.trainer.registry.ModelSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered models by id, each fetched from its {@link ModelSource} (a local registry, or S3 through a local
 * cache), loaded once and kept open until {@link #close}. A model that is missing or fails to load is retried at
 * most every {@code retryMillis}.
 */
public final class ModelCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

  private final ModelSource source;
  private final long retryMillis;
  private final Map<String, ModelScorer> loaded = new ConcurrentHashMap<>();
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();

  /** Models from a local registry directory. */
  public ModelCache(Path modelsDir) {
    this(new LocalModelSource(modelsDir), 5_000);
  }

  public ModelCache(ModelSource source) {
    this(source, 5_000);
  }

  /** Closes {@code source} when closed. */
  public ModelCache(ModelSource source, long retryMillis) {
    this.source = source;
    this.retryMillis = retryMillis;
  }

  /** The model, loading it if needed; empty when it is not registered or does not load. */
  public Optional<ModelScorer> get(String modelId) {
    if (modelId == null || modelId.isBlank() || modelId.contains("/") || modelId.startsWith(".")) {
      return Optional.empty();
    }
    ModelScorer s = loaded.get(modelId);
    if (s != null) {
      return Optional.of(s);
    }
    Long failed = failedAt.get(modelId);
    if (failed != null && System.currentTimeMillis() - failed < retryMillis) {
      return Optional.empty();
    }
    synchronized (this) {
      s = loaded.get(modelId);
      if (s != null) {
        return Optional.of(s);
      }
      try {
        s = ModelScorer.load(source.fetch(modelId));
        loaded.put(modelId, s);
        failedAt.remove(modelId);
        return Optional.of(s);
      } catch (RuntimeException e) {
        failedAt.put(modelId, System.currentTimeMillis());
        LOG.warn("model {} does not load ({}); serving the popularity fallback, retrying in {} ms", modelId,
            e.getMessage(), retryMillis);
        return Optional.empty();
      }
    }
  }

  /** Whether the model is loaded already (no load attempt). */
  public boolean isLoaded(String modelId) {
    return modelId != null && loaded.containsKey(modelId);
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(ModelScorer::close);
    loaded.clear();
    source.close();
  }
}
