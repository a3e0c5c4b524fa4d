package io.stillwater.pipelines.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Where a run's tables live: {@code <root>/<table>/KEY=VALUE/part-….parquet}, plus {@code <root>/manifests/}.
 * The root is a local path or a URI of any filesystem Beam has ({@code s3://bucket/lake}). docs/lake.md
 * describes every table.
 */
public final class Lake implements Serializable {

  /** Accepted, de-duplicated events before the watermark, by the UTC date of {@code ts}. */
  public static final String EVENTS = "events";
  /** Rejected input lines with their reasons, by the UTC date they were received. */
  public static final String DEAD_LETTER = "dead_letter";
  /** Training examples (features as of strictly before each session): written by the feature transforms. */
  public static final String TRAINING = "training";
  /** Every entity's feature state as of the watermark: written by the feature transforms. */
  public static final String SNAPSHOTS = "snapshots";
  /** One JSON file per run. */
  public static final String MANIFESTS = "manifests";

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

  private final String root;

  private Lake(String root) {
    this.root = root;
  }

  /** A lake at a local path (made absolute) or a URI. */
  public static Lake at(String root) {
    Objects.requireNonNull(root, "root");
    if (root.isBlank()) {
      throw new IllegalArgumentException("a lake location is required");
    }
    String normalized = isLocal(root) ? localPath(root).toString() : root.replaceAll("/+$", "");
    return new Lake(normalized);
  }

  public String root() {
    return root;
  }

  /** The folder of one table. */
  public String table(String name) {
    return root + "/" + name;
  }

  public String manifest(String fileName) {
    return table(MANIFESTS) + "/" + fileName;
  }

  public boolean isLocal() {
    return isLocal(root);
  }

  /**
   * Removes a table's earlier contents before a run rebuilds it, so files of an earlier run (another date range,
   * another shard count) never mix with this one's. Local: the table folder; elsewhere: every object under it.
   */
  public void clearTable(String name) {
    String table = table(name);
    try {
      if (isLocal(table)) {
        Path dir = localPath(table);
        if (Files.exists(dir)) {
          try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
        return;
      }
      MatchResult match = FileSystems.match(table + "/**", EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK) {
        List<ResourceId> files = new ArrayList<>();
        match.metadata().forEach(m -> files.add(m.resourceId()));
        FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + table, e);
    }
  }

  /**
   * Removes the empty {@code .temp-beam*} folders Beam's file writes leave in each table folder of a local lake
   * (their files are gone once a write commits; object stores have no folders to leave).
   */
  public void removeEmptyTempFolders() {
    if (!isLocal()) {
      return;
    }
    Path dir = localPath(root);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> temps = walk.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(".temp-beam"))
          .sorted(Comparator.reverseOrder())
          .toList();
      for (Path temp : temps) {
        try (Stream<Path> inside = Files.list(temp)) {
          if (inside.findAny().isEmpty()) {
            Files.delete(temp);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy " + dir, e);
    }
  }

  /** Writes a small text file (a manifest) through Beam's filesystems, so {@code s3://} works too. */
  public void writeText(String path, String text) {
    try {
      if (isLocal(path)) {
        Files.createDirectories(localPath(path).getParent());
      }
      ResourceId resource = FileSystems.matchNewResource(path, false);
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(resource, MimeTypes.TEXT))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static boolean isLocal(String location) {
    return !SCHEME.matcher(location).find() || location.startsWith("file://");
  }

  private static Path localPath(String location) {
    String path = location.startsWith("file://") ? location.substring("file://".length()) : location;
    return Path.of(path).toAbsolutePath().normalize();
  }

  @Override
  public String toString() {
    return root;
  }
}
