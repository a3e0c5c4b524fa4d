package io.stillwater.serving.live;

import io.stillwater.featurestore.StoreLocation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.trainer.registry.ModelSource;

/**
 * The live generation's reader, model cache and {@link LiveServing} over one store location: what {@code serve}
 * and {@code push-worker} both score with, opened and closed in one place.
 */
public final class LiveStack implements AutoCloseable {

  private final LiveFeatureReader reader;
  private final ModelCache models;
  private final LiveServing live;

  private LiveStack(LiveFeatureReader reader, ModelCache models) {
    this.reader = reader;
    this.models = models;
    this.live = new LiveServing(reader, models); // loads the live model before the first request
  }

  /** Follows the live pointer of {@code location}'s registry, loading models from {@code models} (closed with it). */
  public static LiveStack open(StoreLocation location, ModelSource models) {
    return new LiveStack(new LiveFeatureReader(location.registry(), location.slots()), new ModelCache(models));
  }

  public LiveServing live() {
    return live;
  }

  /** Closes the swap first, then the reader and the loaded models (the store location stays open). */
  @Override
  public void close() {
    live.close();
    reader.close();
    models.close();
  }
}
