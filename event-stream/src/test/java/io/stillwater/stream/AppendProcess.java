package io.stillwater.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second process for {@link EmbeddedEventLogTest}: appends {@code count} lines tagged with {@code writer}, in
 * batches of 1 to 7, to the log in {@code dir}. Arguments: dir writer count.
 */
public final class AppendProcess {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String writer = args[1];
    int count = Integer.parseInt(args[2]);
    EmbeddedEventLog log = EmbeddedEventLog.open(dir, false);
    int seq = 0;
    while (seq < count) {
      int batch = Math.min(count - seq, 1 + seq % 7);
      List<String> lines = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++, seq++) {
        // padding makes lines long enough that a torn or interleaved write would show
        lines.add("{\"writer\":\"" + writer + "\",\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(200 + seq % 300) + "\"}");
      }
      log.appendLines(lines);
    }
  }
}
