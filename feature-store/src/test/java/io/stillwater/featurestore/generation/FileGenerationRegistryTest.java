package io.stillwater.featurestore.generation;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileGenerationRegistryTest extends GenerationRegistryContract {

  @TempDir Path dir;

  @Override
  protected GenerationRegistry newRegistry() {
    return new FileGenerationRegistry(dir.resolve("store/registry.json"));
  }

  @Override
  protected GenerationRegistry sameRegistryAgain() {
    return new FileGenerationRegistry(dir.resolve("store/registry.json"));
  }
}
