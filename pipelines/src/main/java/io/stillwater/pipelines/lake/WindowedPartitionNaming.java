package io.stillwater.pipelines.lake;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Names a streaming pipeline's windowed files {@code KEY=VALUE/part-<windowStart>-<pane>-NNNNN-of-MMMMM.parquet}
 * (window start as {@code yyyyMMdd'T'HHmmss'Z'}): one file set per window and pane, so windows never overwrite
 * each other, and no {@code :} (Beam's default names carry one, which Hadoop's {@code Path} rejects).
 */
public final class WindowedPartitionNaming implements FileIO.Write.FileNaming {

  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final HivePartitionNaming partition;
  private final String key;
  private final String value;

  public WindowedPartitionNaming(String key, String value) {
    this.partition = new HivePartitionNaming(key, value); // validates key and value
    this.key = key;
    this.value = value;
  }

  @Override
  public String getFilename(BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
    if (!(window instanceof IntervalWindow w)) {
      return partition.getFilename(window, pane, numShards, shardIndex, compression);
    }
    String start = START.format(java.time.Instant.ofEpochMilli(w.start().getMillis()));
    return String.format("%s=%s/part-%s-%d-%05d-of-%05d.parquet", key, value, start, pane.getIndex(), shardIndex, numShards);
  }
}
