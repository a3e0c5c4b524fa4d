package io.stillwater.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.cli.Launcher;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.RegistryState;
import io.stillwater.stream.EmbeddedEventLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One retraining run over an embedded workspace, step by step ({@link RetrainStep}), each step a stillwater
 * command in its own process. The live generation is only ever changed by {@link RetrainStep#PROMOTE}: every
 * step before it works on the standby slot, a new model directory or the run's own folder, so a run that fails
 * or is killed anywhere before promote leaves what is live untouched, and running {@code retrain} again resumes
 * at the first step that is not done (re-running a step that was cut short is safe: each one replaces what it
 * writes).
 *
 * <p>Hand-off between batch and stream is by position: PLAN freezes the embedded stream's committed end P and
 * copies the log up to P into the run's input beside the history, BACKFILL featurizes exactly those events (up
 * to the watermark), and the standby slot's stream starts at P. The stream skips events its slot's rows already
 * hold, so the overlap of events appended before P with a time after the watermark is not counted twice.
 */
public final class RetrainRun {

  /** A step could not complete; the message says why (the run stops, the live generation is untouched). */
  public static final class StepFailed extends RuntimeException {
    public StepFailed(String message) {
      super(message);
    }
  }

  /** Knobs of a run. */
  public record Settings(Path workspace, Path history, Duration maxLag, Duration catchUpTimeout, Duration grace,
      List<String> trainArgs, RetrainStep haltIn) {}

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern MODEL_ID = Pattern.compile("m-[0-9A-Za-z-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final Launcher launcher;
  private final SlotStreams streams;
  private final Clock clock;
  private final PrintWriter out;

  public RetrainRun(Settings settings, Launcher launcher, Clock clock, PrintWriter out) {
    this.settings = settings;
    this.launcher = launcher;
    this.streams = new SlotStreams(settings.workspace(), launcher);
    this.clock = clock;
    this.out = out;
  }

  public Path runsDir() {
    return settings.workspace().resolve("runs");
  }

  /** Resumes the newest unfinished run, or starts a new one; returns its manifest when it ends (done or failed). */
  public RunManifest runOrResume() {
    Path dir = RunManifest.latestUnfinished(runsDir()).orElse(null);
    RunManifest m;
    if (dir != null) {
      m = RunManifest.load(dir);
      m.status = "running";
      m.failure = null;
      out.printf("resuming run %s at %s%n", m.runId, firstPending(m).wireName());
    } else {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      m = RunManifest.start(RUN_ID.format(now), now);
      dir = runsDir().resolve(m.runId);
      out.printf("run %s%n", m.runId);
    }
    m.save(dir);
    for (RetrainStep step : RetrainStep.values()) {
      if (m.done(step)) {
        continue;
      }
      RunManifest.StepRecord r = m.step(step);
      r.status = "running";
      r.startedAt = clock.instant();
      r.attempts++;
      m.save(dir);
      out.printf("[%d/%d] %s%n", step.ordinal() + 1, RetrainStep.values().length, step.wireName());
      out.flush();
      try {
        r.detail = execute(step, m, dir);
      } catch (StepFailed | UncheckedIOException | IllegalStateException e) {
        r.status = "failed";
        r.finishedAt = clock.instant();
        r.seconds = seconds(r);
        m.status = "failed";
        m.failure = step.wireName() + ": " + e.getMessage();
        m.save(dir);
        RunReport.write(dir, m, settings.workspace());
        return m;
      }
      if (step == settings.haltIn()) {
        Runtime.getRuntime().halt(137); // tests: a kill after the step's work, before it is recorded as done
      }
      r.status = "done";
      r.finishedAt = clock.instant();
      r.seconds = seconds(r);
      m.save(dir);
      out.printf("      %s (%.1f s)%n", r.detail, r.seconds);
      out.flush();
    }
    m.status = "done";
    m.finishedAt = clock.instant();
    m.save(dir);
    RunReport.write(dir, m, settings.workspace());
    return m;
  }

  private static RetrainStep firstPending(RunManifest m) {
    for (RetrainStep s : RetrainStep.values()) {
      if (!m.done(s)) {
        return s;
      }
    }
    return RetrainStep.RETIRE_OLD_STREAM;
  }

  private static double seconds(RunManifest.StepRecord r) {
    return Duration.between(r.startedAt, r.finishedAt).toMillis() / 1000.0;
  }

  private String execute(RetrainStep step, RunManifest m, Path dir) {
    return switch (step) {
      case PLAN -> plan(m, dir);
      case BACKFILL -> backfill(m, dir);
      case TRAIN -> train(m);
      case LOAD -> load(m);
      case STREAM -> stream(m);
      case CATCH_UP -> catchUp(m);
      case VERIFY -> verify(m);
      case PROMOTE -> promote(m);
      case RETIRE_OLD_STREAM -> retireOldStream(m);
    };
  }

  private RegistryState registry() {
    return FileGenerationRegistry.inWorkspace(settings.workspace()).read();
  }

  private String plan(RunManifest m, Path dir) {
    m.watermark = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    RegistryState s = registry();
    m.standbySlot = s.standbySlot().wireName();
    m.liveGenerationBefore = s.live();
    s.liveGeneration().ifPresent(g -> {
      m.liveSlotBefore = g.slot().wireName();
      m.liveModelBefore = g.modelId();
    });
    Path input = dir.resolve("input");
    try {
      SlotStreams.deleteTree(input);
      Files.createDirectories(input);
      long history = linkHistory(input.resolve("history"));
      EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(settings.workspace());
      long position = log.committedEnd();
      Path copy = input.resolve("stream").resolve("events.jsonl");
      Files.createDirectories(copy.getParent());
      try (InputStream in = Files.newInputStream(log.directory().resolve(EmbeddedEventLog.DATA_FILE));
          OutputStream os = Files.newOutputStream(copy)) {
        copyExactly(in, os, position);
      }
      m.streamPosition = "offset:" + position;
      m.counts.put("history_files", history);
      m.counts.put("stream_bytes_before_position", position);
      return "watermark " + m.watermark + ", stream position " + m.streamPosition + ", standby slot " + m.standbySlot
          + ", " + history + " history files";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the run's input", e);
    }
  }

  /** Hard links to the history's event files (no copy, and the run's input stays fixed if the folder changes). */
  private long linkHistory(Path target) throws IOException {
    Path history = settings.history();
    if (!Files.isDirectory(history)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> files = Files.walk(history)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).toList()) {
        Path link = target.resolve(history.relativize(f).toString());
        Files.createDirectories(link.getParent());
        try {
          Files.createLink(link, f);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(f, link); // another file system: copy
        }
        n++;
      }
    }
    return n;
  }

  private static void copyExactly(InputStream in, OutputStream out, long bytes) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = bytes;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("the event log is shorter than its committed end");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private String backfill(RunManifest m, Path dir) {
    require(launcher.run(out, "backfill", "--events", dir.resolve("input").toString(), "--until", m.watermark.toString(),
        "--workspace", settings.workspace().toString()), "backfill");
    return "features up to " + m.watermark + " in " + settings.workspace().resolve("lake");
  }

  private String train(RunManifest m) {
    List<String> args = new ArrayList<>(List.of("train", "--workspace", settings.workspace().toString()));
    if (m.liveModelBefore != null) {
      args.add("--live");
      args.add(m.liveModelBefore);
    }
    args.addAll(settings.trainArgs());
    Launcher.Result r = launcher.run(out, args.toArray(String[]::new));
    if (r.status() == 1) {
      throw new StepFailed("the new model did not pass the promotion gate (see train's gate lines); nothing changed");
    }
    require(r, "train");
    if (!MODEL_ID.matcher(r.lastLine()).matches()) {
      throw new StepFailed("train did not print a model id last (got '" + r.lastLine() + "')");
    }
    m.modelId = r.lastLine();
    return "model " + m.modelId + " passed the gate";
  }

  private String load(RunManifest m) {
    streams.stop(m.standbySlot, Duration.ofSeconds(30)); // nothing may write the standby slot while it loads
    String snapshot = settings.workspace().resolve("lake").resolve("snapshots")
        .resolve("asof=" + RUN_ID.format(m.watermark)).toString();
    require(launcher.run(out, "generation", "load", "--workspace", settings.workspace().toString(), "--model", m.modelId,
        "--snapshot", snapshot, "--stream-start", m.streamPosition), "generation load");
    Generation g = registry().occupant(io.stillwater.featurestore.generation.Slot.parse(m.standbySlot))
        .orElseThrow(() -> new StepFailed("the standby slot holds no generation after the load"));
    if (!m.modelId.equals(g.modelId())) {
      throw new StepFailed("the standby slot holds generation " + g.number() + " of model " + g.modelId());
    }
    m.generation = g.number();
    m.counts.put("rows_loaded", g.rowsLoaded());
    return "generation " + g.number() + " in " + m.standbySlot + ": " + g.rowsLoaded() + " rows";
  }

  private String stream(RunManifest m) {
    ProcessHandle p = streams.start(m.standbySlot, m.streamPosition);
    return "stream into " + m.standbySlot + " from " + m.streamPosition + " (pid " + p.pid() + ", log "
        + streams.log(m.standbySlot) + ")";
  }

  private String catchUp(RunManifest m) {
    if (streams.running(m.standbySlot).isEmpty()) {
      // resumed after the stream died (or this host restarted): start it again from the same position
      streams.start(m.standbySlot, m.streamPosition);
    }
    Instant since = clock.instant();
    Instant deadline = since.plus(settings.catchUpTimeout());
    while (!streams.caughtUp(m.standbySlot, settings.maxLag(), since)) {
      if (streams.running(m.standbySlot).isEmpty()) {
        throw new StepFailed("the " + m.standbySlot + " stream stopped; its log ends:\n" + streams.logTail(m.standbySlot, 15));
      }
      if (clock.instant().isAfter(deadline)) {
        throw new StepFailed("the " + m.standbySlot + " stream did not catch up within " + settings.catchUpTimeout()
            + " (last status: " + streams.status(m.standbySlot).map(JsonNode::toString).orElse("none") + ")");
      }
      pause(Duration.ofMillis(500));
    }
    JsonNode s = streams.status(m.standbySlot).orElseThrow();
    m.counts.put("stream_events_folded_at_catch_up", s.path("events_folded").asLong());
    return "caught up: lag " + s.path("lag_ms").asLong() + " ms, " + s.path("events_folded").asLong() + " events folded";
  }

  private String verify(RunManifest m) {
    String schema = modelCard(m.modelId).path("feature_schema_version").asText();
    require(launcher.run(out, "generation", "verify", "--workspace", settings.workspace().toString(),
        "--generation", Integer.toString(m.generation), "--model-schema-version", schema), "generation verify");
    require(launcher.run(out, "train", "--workspace", settings.workspace().toString(), "--check", m.modelId),
        "the model's smoke check");
    return "generation " + m.generation + " verified; model " + m.modelId + " loads and scores its smoke set";
  }

  private String promote(RunManifest m) {
    RegistryState s = registry();
    if (s.live() == m.generation) {
      return "generation " + m.generation + " already live";
    }
    if (s.live() != m.liveGenerationBefore) {
      throw new StepFailed("the live generation moved during the run (was " + m.liveGenerationBefore + ", now "
          + s.live() + "); not promoting over it");
    }
    require(launcher.run(out, "generation", "promote", "--workspace", settings.workspace().toString(),
        "--generation", Integer.toString(m.generation)), "generation promote");
    return "generation " + m.generation + " (" + m.standbySlot + ") is live"
        + (m.liveGenerationBefore == 0 ? "" : "; generation " + m.liveGenerationBefore + " kept for rollback");
  }

  private String retireOldStream(RunManifest m) {
    if (m.liveSlotBefore == null || streams.running(m.liveSlotBefore).isEmpty()) {
      return "no earlier stream to stop";
    }
    out.printf("      grace period %s before stopping the %s stream%n", settings.grace(), m.liveSlotBefore);
    out.flush();
    pause(settings.grace());
    streams.stop(m.liveSlotBefore, Duration.ofSeconds(30));
    return "stopped the " + m.liveSlotBefore + " stream (generation " + m.liveGenerationBefore + " stays for rollback)";
  }

  JsonNode modelCard(String modelId) {
    try {
      return JSON.readTree(settings.workspace().resolve("models").resolve(modelId).resolve("model.json").toFile());
    } catch (IOException e) {
      throw new StepFailed("model " + modelId + " has no readable model.json");
    }
  }

  private static void require(Launcher.Result r, String what) {
    if (!r.ok()) {
      throw new StepFailed(what + " failed with status " + r.status());
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis()); // polling a process's status file, and the operator's grace period
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed("interrupted");
    }
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
