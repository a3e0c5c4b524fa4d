package io.stillwater.serving.predictions;

import io.stillwater.trainer.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The prediction log on an S3 lake: each finished file {@code <table>/date=YYYY-MM-DD/part-….parquet} under the
 * local staging folder ({@code predictions}, {@code prediction_features}) is put to
 * {@code <lake>/<table>/date=YYYY-MM-DD/part-….parquet} and deleted locally only after S3 accepted it. When S3 cannot be reached the files stay and the next round tries them again (oldest
 * first; a round stops at the first failure rather than waiting on every file), so nothing is lost while the
 * disk holds.
 */
public final class S3LakeUpload implements LakeUpload {

  private static final Logger LOG = LoggerFactory.getLogger(S3LakeUpload.class);

  private final S3Client s3;
  private final S3Location lake;
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Map<String, Integer> waiting = new ConcurrentHashMap<>();

  /** @param lake the lake's root on S3 (STILLWATER_LAKE) */
  public S3LakeUpload(S3Client s3, S3Location lake) {
    this.s3 = s3;
    this.lake = lake;
  }

  @Override
  public void uploadFinished(Path tableDir) {
    String table = tableDir.getFileName().toString();
    List<Path> files;
    try {
      files = finishedFiles(tableDir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("prediction log: cannot list {} for upload: {}", tableDir, e.toString());
      return;
    }
    int left = files.size();
    for (Path f : files) {
      String key = lake.key(table + "/" + tableDir.relativize(f).toString().replace('\\', '/'));
      try {
        s3.putObject(b -> b.bucket(lake.bucket()).key(key), RequestBody.fromFile(f));
        Files.delete(f);
        uploaded.incrementAndGet();
        left--;
      } catch (SdkException | IOException | UncheckedIOException e) {
        failures.incrementAndGet();
        LOG.warn("prediction log: upload of {} to s3://{}/{} failed, kept locally and retried at the next flush "
            + "({} files waiting): {}", f.getFileName(), lake.bucket(), key, left, e.toString());
        break;
      }
    }
    waiting.put(table, left);
  }

  /** {@code date=*}/{@code *.parquet} under a table's folder, oldest first; staging folders are not finished. */
  private static List<Path> finishedFiles(Path tableDir) throws IOException {
    if (!Files.isDirectory(tableDir)) {
      return List.of();
    }
    try (Stream<Path> partitions = Files.list(tableDir)) {
      List<Path> dirs = partitions.filter(p -> p.getFileName().toString().startsWith("date=")).sorted().toList();
      List<Path> files = new ArrayList<>();
      for (Path d : dirs) {
        try (Stream<Path> in = Files.list(d)) {
          in.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(files::add);
        }
      }
      return files;
    }
  }

  @Override
  public long filesUploaded() {
    return uploaded.get();
  }

  @Override
  public long uploadFailures() {
    return failures.get();
  }

  @Override
  public int filesWaiting() {
    return waiting.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public void close() {
    s3.close();
  }
}
