package io.stillwater.pipelines.lake;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Names written files Hive-style, {@code KEY=VALUE/part-NNNNN-of-MMMMM.parquet}, so DuckDB, Spark and Athena
 * read the partition as a column. Beam's default names carry window and pane strings with {@code :}, which
 * Hadoop's {@code Path} rejects; these never do (a value with {@code :} or {@code /} is refused up front).
 */
public final class HivePartitionNaming implements FileIO.Write.FileNaming {

  private static final Pattern UNSAFE = Pattern.compile("[:/\\\\=]");

  private final String key;
  private final String value;

  public HivePartitionNaming(String key, String value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value");
    if (UNSAFE.matcher(key).find() || UNSAFE.matcher(value).find() || value.isEmpty()) {
      throw new IllegalArgumentException("not a safe partition " + key + "=" + value);
    }
  }

  /** {@code date=YYYY-MM-DD/…}. */
  public static HivePartitionNaming date(String isoDate) {
    return new HivePartitionNaming("date", isoDate);
  }

  @Override
  public String getFilename(BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
    return String.format("%s=%s/part-%05d-of-%05d.parquet", key, value, shardIndex, numShards);
  }
}
