package io.stillwater.cli.retrain;

import io.stillwater.featurestore.cli.DurationConverter;
import io.stillwater.cli.Launcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stillwater retrain}: one retraining run (backfill to a watermark, train, gate, load the standby slot,
 * stream into it from the watermark's position, catch up, verify, promote, retire the old stream), resuming an
 * unfinished run first; with {@code --every} it keeps running and starts a run each period. One run at a time
 * per workspace (a lock file).
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Retrain and refresh the standby blue/green slot, then flip to it: backfill -> train -> gate -> "
        + "load standby -> stream from the watermark -> catch up -> verify -> promote -> stop the old slot's stream.",
        "A failed or killed run leaves the live generation untouched; running retrain again resumes it. Writes "
            + "<workspace>/runs/<run_id>/manifest.json and report.html."})
public final class RetrainCommand implements Callable<Integer> {

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "${env:STILLWATER_WORKSPACE:-workspace}",
      description = "Workspace (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--history", paramLabel = "DIR", description = "Historical event files (default: WORKSPACE/events).")
  Path history;

  @Option(names = "--every", paramLabel = "PERIOD", converter = DurationConverter.class,
      description = "Keep running: a run now and then every PERIOD (e.g. 24h).")
  Duration every;

  @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "The new slot's stream has caught up when its lag is at most this (default: ${DEFAULT-VALUE}).")
  Duration maxLag;

  @Option(names = "--catch-up-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "Give up waiting for the stream to catch up after this (default: ${DEFAULT-VALUE}).")
  Duration catchUpTimeout;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "Keep the old slot's stream running this long after the flip (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--train-arg", paramLabel = "ARG", description = "An extra argument for train (repeatable), e.g. --train-arg=--min-ndcg-lift=-0.01.")
  List<String> trainArgs = new ArrayList<>();

  @Option(names = "--halt-in", hidden = true, description = "Tests: die (status 137) after this step's work, before it is recorded.")
  RetrainStep haltIn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    for (Duration d : List.of(maxLag, catchUpTimeout, grace)) {
      if (d.isNegative()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "durations must not be negative: " + d);
      }
    }
    if (every != null && every.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--every must be at least 1m, got " + every);
    }
    PrintWriter out = spec.commandLine().getOut();
    RetrainRun run = new RetrainRun(new RetrainRun.Settings(workspace, history != null ? history : workspace.resolve("events"),
        maxLag, catchUpTimeout, grace, List.copyOf(trainArgs), haltIn), Launcher.current(), Clock.systemUTC(), out);
    if (every == null) {
      return once(run, out);
    }
    // One run now and then one per period from each start; a run longer than the period delays the next (runs
    // never overlap: one thread). A failed run is reported and resumed by the next one.
    ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "retrain-schedule"));
    schedule.scheduleAtFixedRate(() -> {
      once(run, out);
      out.printf("next run at %s%n", Instant.now().plus(every).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      out.flush();
    }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    schedule.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS); // until the process is stopped
    return 0;
  }

  private int once(RetrainRun run, PrintWriter out) {
    Path lockFile = workspace.resolve("runs").resolve("retrain.lock");
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.tryLock()) {
        if (lock == null) {
          spec.commandLine().getErr().println("stillwater retrain: another retrain is running in " + workspace);
          return 1;
        }
        RunManifest m = run.runOrResume();
        Path report = run.runsDir().resolve(m.runId).resolve("report.html");
        if (!m.finished()) {
          spec.commandLine().getErr().println("stillwater retrain: run " + m.runId + " failed at " + m.failure
              + "\n  the live generation is unchanged; run retrain again to resume. Report: " + report);
          return 1;
        }
        out.printf("run %s done: generation %d live with model %s. Report: %s%n", m.runId, m.generation, m.modelId, report);
        out.flush();
        return 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
  }
}
