package io.stillwater.serving.live;

import io.stillwater.trainer.registry.ModelSource;
import io.stillwater.trainer.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that say where a scoring process ({@code serve}, {@code push-worker}) gets models from and how it
 * reaches S3, shared as a picocli mixin so both read the same variables (docs/configuration.md).
 */
public final class StorageOptions {

  @Option(names = "--models", paramLabel = "DIR|s3://BUCKET/PREFIX", defaultValue = "${env:STILLWATER_MODELS}",
      description = "Model registry: a local directory or s3://bucket/prefix (default: WORKSPACE/models).")
  String models;

  @Option(names = "--model-cache", paramLabel = "DIR", defaultValue = "${env:STILLWATER_MODEL_CACHE}",
      description = "Where models from an s3:// registry are copied before loading (default: WORKSPACE/model-cache).")
  Path modelCache;

  @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:STILLWATER_S3_ENDPOINT}",
      description = "S3 endpoint of an S3-compatible store or a local test server, path-style (default: AWS).")
  URI s3Endpoint;

  /** How to reach S3 in {@code region}, with the endpoint override if one is set. */
  public S3Settings s3(String region) {
    return new S3Settings(Optional.ofNullable(s3Endpoint), region);
  }

  /** The model source these options name, with defaults under {@code workspace}. */
  public ModelSource open(Path workspace, String region) {
    return ModelSource.open(models != null ? models : workspace.resolve("models").toString(),
        modelCache != null ? modelCache : workspace.resolve("model-cache"), s3(region));
  }
}
