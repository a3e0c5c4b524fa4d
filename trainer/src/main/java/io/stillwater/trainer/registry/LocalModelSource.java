package io.stillwater.trainer.registry;

import io.stillwater.trainer.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/** A registry on local disk ({@code <workspace>/models}): models are loaded where they are. */
public final class LocalModelSource implements ModelSource {

  private final Path root;

  public LocalModelSource(Path root) {
    this.root = root;
  }

  @Override
  public Path fetch(String modelId) {
    Path dir = root.resolve(modelId);
    // The trainer renames a finished model into place, so model.json present = the whole model is there.
    if (!Files.isRegularFile(dir.resolve(ModelRegistry.MODEL_JSON))) {
      throw new ModelNotFoundException("model " + modelId + " is not in " + root);
    }
    return dir;
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
