package io.stillwater.pipelines.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads raw event lines (JSON lines, one event per line, gzip or plain) from a landing zone.
 *
 * <p>The location is one of:
 * <ul>
 *   <li>a directory: every {@code *.jsonl} and {@code *.jsonl.gz} file under it, at any depth (so the simulator's
 *       {@code date=YYYY-MM-DD/events.jsonl.gz} partitions; other files such as {@code _simulation.json} are
 *       ignored);
 *   <li>a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}; {@code **} crosses directories), taken as it
 *       is;
 *   <li>a single file.
 * </ul>
 * Local paths and any scheme Beam has a filesystem for ({@code s3://} with the AWS module) work; an {@code s3://}
 * location without a glob is a file when its name ends in {@code .jsonl} or {@code .jsonl.gz}, otherwise a
 * prefix read like a directory. Compression is detected from the file name. Lines come out in no particular
 * order; nothing downstream depends on it.
 */
public final class ReadEventLines extends PTransform<PBegin, PCollection<String>> {

  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
  static final List<String> EXTENSIONS = List.of(".jsonl", ".jsonl.gz");

  private final String location;

  private ReadEventLines(String location) {
    this.location = Objects.requireNonNull(location, "location");
  }

  /** Lines of every event file at {@code location} (a directory, glob or file; see the class comment). */
  public static ReadEventLines from(String location) {
    if (location.isBlank()) {
      throw new IllegalArgumentException("an events location is required");
    }
    return new ReadEventLines(location);
  }

  public String location() {
    return location;
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    return input
        .apply("FilePatterns", Create.of(filePatterns(location)).withCoder(StringUtf8Coder.of()))
        // a directory gets two patterns, and either may match nothing; the caller checks the whole
        // location matches something (matchedFiles) before running
        .apply("MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("OpenFiles", FileIO.readMatches().withCompression(Compression.AUTO))
        .apply("ReadLines", TextIO.readFiles());
  }

  /** The file patterns a location stands for. */
  public static List<String> filePatterns(String location) {
    if (GLOB.matcher(location).find()) {
      return List.of(location);
    }
    boolean remote = SCHEME.matcher(location).find() && !location.startsWith("file://");
    boolean directory;
    if (remote) {
      directory = EXTENSIONS.stream().noneMatch(location::endsWith);
    } else {
      Path path = Path.of(location.startsWith("file://") ? location.substring("file://".length()) : location);
      directory = Files.isDirectory(path);
      location = path.toAbsolutePath().normalize().toString();
    }
    if (!directory) {
      return List.of(location);
    }
    String prefix = location.endsWith("/") ? location : location + "/";
    List<String> patterns = new ArrayList<>();
    for (String extension : EXTENSIONS) {
      patterns.add(prefix + "**" + extension);
    }
    return patterns;
  }

  /**
   * The files a location matches, for checking before a run that there is input at all (the transform itself
   * reads an empty match as no lines). Needs {@link FileSystems#setDefaultPipelineOptions} first for remote
   * filesystems.
   */
  public static List<MatchResult.Metadata> matchedFiles(String location) {
    List<MatchResult.Metadata> files = new ArrayList<>();
    try {
      for (MatchResult result : FileSystems.match(filePatterns(location), EmptyMatchTreatment.ALLOW)) {
        if (result.status() == MatchResult.Status.OK) {
          files.addAll(result.metadata());
        } else if (result.status() != MatchResult.Status.NOT_FOUND) {
          throw new IOException("cannot list " + location + ": " + result.status());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
