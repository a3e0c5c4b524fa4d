package io.stillwater.trainer.registry;

import io.stillwater.trainer.ModelRegistry;
import io.stillwater.trainer.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies a published model ({@code <workspace>/models/<model_id>/}) to an S3 registry
 * ({@code s3://bucket/prefix/<model_id>/}), {@code model.json} last: readers ({@link S3ModelSource}) take a
 * model whose {@code model.json} is there as complete, so a copy cut short is never served. A model already
 * there is left as it is (models are immutable once published).
 */
public final class S3ModelPublisher {

  private final S3Client s3;
  private final S3Location root;

  public S3ModelPublisher(S3Client s3, S3Location root) {
    this.s3 = s3;
    this.root = root;
  }

  /** Uploads {@code modelDir} (named by its model id); returns the model's location. */
  public S3Location publish(Path modelDir) {
    String modelId = modelDir.getFileName().toString();
    S3Location model = root.child(modelId);
    String card = model.key(ModelRegistry.MODEL_JSON);
    if (!s3.listObjectsV2(b -> b.bucket(root.bucket()).prefix(card)).contents().isEmpty()) {
      return model;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(modelDir)) {
      files = walk.filter(Files::isRegularFile)
          // model.json sorts last so that it is written last: its presence means the rest is there
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(ModelRegistry.MODEL_JSON)
              && p.getParent().equals(modelDir)).thenComparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model directory " + modelDir, e);
    }
    if (files.stream().noneMatch(p -> p.equals(modelDir.resolve(ModelRegistry.MODEL_JSON)))) {
      throw new IllegalArgumentException(modelDir + " is not a published model (no " + ModelRegistry.MODEL_JSON + ")");
    }
    for (Path f : files) {
      String relative = modelDir.relativize(f).toString().replace('\\', '/');
      s3.putObject(b -> b.bucket(root.bucket()).key(model.key(relative)), RequestBody.fromFile(f));
    }
    return model;
  }
}
