package io.stillwater.featurestore.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.featurestore.generation.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Progress records of the embedded store: {@code <workspace>/store/progress/<slot>/<writer>.json}, each replaced
 * whole (write a temporary file, then an atomic rename), so a reader in another process never sees half of one.
 */
public final class FileStreamProgressStore implements StreamProgressStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;

  public FileStreamProgressStore(Path root) {
    this.root = root;
  }

  public static FileStreamProgressStore inWorkspace(Path workspace) {
    return new FileStreamProgressStore(workspace.resolve("store").resolve("progress"));
  }

  @Override
  public void write(StreamProgress progress) {
    Path dir = root.resolve(progress.slot().wireName());
    Path file = dir.resolve(progress.writer() + ".json");
    Path tmp = dir.resolve(progress.writer() + ".json.tmp");
    try {
      Files.createDirectories(dir);
      JSON.writeValue(tmp.toFile(), progress);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stream progress " + file, e);
    }
  }

  @Override
  public List<StreamProgress> read(Slot slot) {
    Path dir = root.resolve(slot.wireName());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StreamProgress> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        try {
          out.add(JSON.readValue(f.toFile(), StreamProgress.class));
        } catch (NoSuchFileException gone) {
          // replaced between the listing and the read: its writer's newer record is under the same name next time
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stream progress under " + dir, e);
    }
    return out;
  }
}
