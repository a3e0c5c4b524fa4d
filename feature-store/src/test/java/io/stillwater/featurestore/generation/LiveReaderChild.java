package io.stillwater.featurestore.generation;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.StoredState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Run in a separate JVM by {@link CrossProcessReaderTest}: reads through a LiveFeatureReader on the workspace
 * while the parent writes and flips. Prints READY, then MARKER when the parent's write to the live slot
 * becomes visible, then DONE with its counts once it has read from generation {@code args[1]} for a while.
 */
public final class LiveReaderChild {
  public static void main(String[] args) throws Exception {
    Path workspace = Path.of(args[0]);
    int target = Integer.parseInt(args[1]);
    long deadline = System.currentTimeMillis() + 30_000;
    long reads = 0;
    long failures = 0;
    String firstFailure = null;
    TreeSet<Integer> seen = new TreeSet<>();
    boolean marker = false;
    long targetSince = 0;
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(workspace),
        EmbeddedSlots.opener(workspace))) {
      System.out.println("READY");
      System.out.flush();
      while (System.currentTimeMillis() < deadline) {
        try {
          LiveFeatureReader.LiveView view = reader.live().orElseThrow();
          int g = FlipFixture.readAll(view);
          seen.add(g);
          reads++;
          if (!marker) {
            StoredState m = view.get(Entity.USER, "marker").orElse(null);
            if (m != null) {
              marker = true;
              System.out.println("MARKER " + new String(m.state(), StandardCharsets.UTF_8));
              System.out.flush();
            }
          }
          if (g == target) {
            if (targetSince == 0) {
              targetSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - targetSince > 300) {
              break;
            }
          }
        } catch (Throwable e) {
          failures++;
          if (firstFailure == null) {
            firstFailure = e.toString();
          }
        }
      }
    }
    System.out.println("DONE reads=" + reads + " failures=" + failures + " seen=" + seen + " marker=" + marker
        + (firstFailure == null ? "" : " first=" + firstFailure));
    System.out.flush();
  }
}
