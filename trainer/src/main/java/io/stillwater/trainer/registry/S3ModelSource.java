package io.stillwater.trainer.registry;

import io.stillwater.trainer.ModelRegistry;
import io.stillwater.trainer.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A registry on S3 ({@code s3://bucket/prefix/<model_id>/…}): a model is copied once into
 * {@code <cacheDir>/<model_id>/} and loaded from there. The copy goes into a fresh {@code .download-*} folder
 * beside it and is renamed into place only when every object has arrived, so a download cut short (a network
 * error, a killed process) is never loaded: only its folder is left, which is deleted or ignored.
 */
public final class S3ModelSource implements ModelSource {

  private static final Logger LOG = LoggerFactory.getLogger(S3ModelSource.class);
  static final String DOWNLOAD_PREFIX = ".download-";

  private final S3Client s3;
  private final S3Location root;
  private final Path cacheDir;

  public S3ModelSource(S3Client s3, S3Location root, Path cacheDir) {
    this.s3 = s3;
    this.root = root;
    this.cacheDir = cacheDir;
  }

  @Override
  public Path fetch(String modelId) {
    Path target = cacheDir.resolve(modelId);
    if (Files.isRegularFile(target.resolve(ModelRegistry.MODEL_JSON))) {
      return target; // only ever renamed into place whole
    }
    S3Location model = root.child(modelId);
    List<S3Object> objects = list(model);
    String card = model.key(ModelRegistry.MODEL_JSON);
    if (objects.stream().noneMatch(o -> o.key().equals(card))) {
      throw new ModelNotFoundException("model " + modelId + " is not in " + root
          + (objects.isEmpty() ? "" : " (no " + ModelRegistry.MODEL_JSON + " yet: not completely published)"));
    }
    Path download = null;
    try {
      Files.createDirectories(cacheDir);
      download = Files.createTempDirectory(cacheDir, DOWNLOAD_PREFIX + modelId + "-");
      long bytes = 0;
      for (S3Object o : objects) {
        String relative = o.key().substring(model.listPrefix().length());
        if (relative.isEmpty() || relative.endsWith("/")) {
          continue; // a folder marker some tools write
        }
        Path file = download.resolve(relative).normalize();
        if (!file.startsWith(download)) {
          throw new IllegalStateException("object " + o.key() + " would be written outside " + download);
        }
        Files.createDirectories(file.getParent());
        s3.getObject(b -> b.bucket(root.bucket()).key(o.key()), file);
        bytes += o.size();
      }
      try {
        Files.move(download, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        LOG.debug("model {} was fetched by another process meanwhile", modelId);
      }
      LOG.info("fetched model {} from {} ({} objects, {} bytes) into {}", modelId, model, objects.size(), bytes, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("model " + modelId + " could not be copied from " + model + " into " + cacheDir, e);
    } finally {
      if (download != null) {
        deleteTree(download);
      }
    }
  }

  private List<S3Object> list(S3Location model) {
    List<S3Object> objects = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(model.bucket()).prefix(model.listPrefix());
      if (token != null) {
        req.continuationToken(token);
      }
      ListObjectsV2Response page = s3.listObjectsV2(req.build());
      objects.addAll(page.contents());
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return objects;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete the unfinished download {}: {}", root, e.toString());
    }
  }

  @Override
  public String describe() {
    return root + " (cached in " + cacheDir + ")";
  }

  @Override
  public void close() {
    s3.close();
  }
}
