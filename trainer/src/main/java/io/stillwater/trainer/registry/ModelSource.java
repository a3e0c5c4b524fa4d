package io.stillwater.trainer.registry;

import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3Settings;
import java.nio.file.Path;

/**
 * Where a registered model's files come from when a process loads it (the API, the push worker).
 *
 * <p>The contract, for every implementation: {@link #fetch} returns a <b>local</b> directory holding the whole
 * model as {@code ModelRegistry} writes it ({@code saved_model/}, {@code model.json}, {@code report.html}), never a
 * partly written one; or throws {@link ModelNotFoundException} when the registry has no complete model under that
 * id, or another unchecked exception when the registry cannot be read now. Either failure is temporary for the
 * caller: it serves without the model and asks again later. A model counts as complete once its
 * {@code model.json} exists, which publishers write last.
 */
public interface ModelSource extends AutoCloseable {

  /** The local directory of {@code modelId} (fetched first if the registry is remote). */
  Path fetch(String modelId);

  /** Where models come from, for logs. */
  String describe();

  @Override
  default void close() {}

  /**
   * The source for a registry location (STILLWATER_MODELS): a local directory, used in place, or
   * {@code s3://bucket/prefix}, copied on first use into {@code cacheDir}.
   */
  static ModelSource open(String location, Path cacheDir, S3Settings s3) {
    if (S3Location.isS3(location)) {
      return new S3ModelSource(s3.client(), S3Location.parse("--models (STILLWATER_MODELS)", location), cacheDir);
    }
    return new LocalModelSource(Path.of(location));
  }
}
