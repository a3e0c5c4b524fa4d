package io.stillwater.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.cli.Launcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The streaming pipelines of the two slots as processes on this machine: {@code ./stillwater stream --slot S}
 * started in its own session, its pid in {@code <workspace>/stream/stream-<slot>.pid}, its output in
 * {@code stream-<slot>.log}, its progress in the {@code status-<slot>.json} it writes.
 */
public final class SlotStreams {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workspace;
  private final Launcher launcher;

  public SlotStreams(Path workspace, Launcher launcher) {
    this.workspace = workspace;
    this.launcher = launcher;
  }

  private Path dir() {
    return workspace.resolve("stream");
  }

  Path pidFile(String slot) {
    return dir().resolve("stream-" + slot + ".pid");
  }

  public Path log(String slot) {
    return dir().resolve("stream-" + slot + ".log");
  }

  public Path statusFile(String slot) {
    return dir().resolve("status-" + slot + ".json");
  }

  /** The running stream process of {@code slot}, if any. */
  public Optional<ProcessHandle> running(String slot) {
    try {
      if (!Files.exists(pidFile(slot))) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile(slot)).strip());
      // the launcher (building first, if it must) becomes the stream's JVM under the same pid
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains("stream")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts {@code slot}'s stream from {@code startAt} with a clean slate: no checkpoint and no status of an
   * earlier stream into that slot (the slot now holds a new generation, so an old checkpoint's position would
   * be wrong).
   */
  public ProcessHandle start(String slot, String startAt) {
    stop(slot, Duration.ofSeconds(30));
    try {
      Files.createDirectories(dir());
      deleteTree(dir().resolve("checkpoints").resolve(slot));
      Files.deleteIfExists(statusFile(slot));
      return startResuming(slot, startAt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + slot + " stream", e);
    }
  }

  /** Starts {@code slot}'s stream, resuming from its newest checkpoint when it has one, else from {@code startAt}. */
  public ProcessHandle startResuming(String slot, String startAt) {
    try {
      Files.createDirectories(dir());
      Process p = launcher.startDetached(log(slot), "stream", "--slot", slot, "--start-at", startAt,
          "--workspace", workspace.toString());
      Files.writeString(pidFile(slot), Long.toString(p.pid()));
      return p.toHandle();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + slot + " stream", e);
    }
  }

  /** Stops {@code slot}'s stream (SIGTERM: it stops cleanly; killed after {@code wait}). True if one ran. */
  public boolean stop(String slot, Duration wait) {
    Optional<ProcessHandle> p = running(slot);
    p.ifPresent(h -> {
      h.destroy();
      try {
        h.onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    });
    try {
      Files.deleteIfExists(pidFile(slot));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.isPresent();
  }

  /** The latest status the slot's stream wrote, if any. */
  public Optional<JsonNode> status(String slot) {
    try {
      return Files.exists(statusFile(slot)) ? Optional.of(JSON.readTree(statusFile(slot).toFile())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // being rewritten: read again next time
    }
  }

  /** True when the stream says it has caught up, with lag at most {@code maxLag}, in a status newer than {@code since}. */
  public boolean caughtUp(String slot, Duration maxLag, Instant since) {
    return status(slot).filter(s -> s.path("caught_up").asBoolean(false))
        // no lag when nothing was read yet: an idle stream that has caught up
        .filter(s -> !s.path("lag_ms").isNumber() || s.path("lag_ms").asLong() <= maxLag.toMillis())
        .filter(s -> s.hasNonNull("updated_at") && Instant.parse(s.get("updated_at").asText()).isAfter(since))
        .isPresent();
  }

  /** The last lines of the slot's stream log, for error messages. */
  public String logTail(String slot, int lines) {
    try {
      List<String> all = Files.exists(log(slot)) ? Files.readAllLines(log(slot)) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Deletes a folder and everything under it (nothing when it does not exist). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
