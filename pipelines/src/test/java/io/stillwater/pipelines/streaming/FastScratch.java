package io.stillwater.pipelines.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for tests that write the LMDB store: on /dev/shm (memory) when there is one, because
 * the DirectRunner runs a stateful DoFn one key per bundle, so every event is its own durable LMDB commit and
 * disk syncs would dominate the test. Falls back to the given directory.
 */
final class FastScratch implements AutoCloseable {

  private final Path dir;
  private final boolean owned;

  FastScratch(Path fallback) {
    Path shm = Path.of("/dev/shm");
    Path chosen = fallback;
    boolean own = false;
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      try {
        chosen = Files.createTempDirectory(shm, "stillwater-test-");
        own = true;
      } catch (IOException e) {
        // keep the fallback
      }
    }
    this.dir = chosen;
    this.owned = own;
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
