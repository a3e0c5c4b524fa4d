package io.stillwater.cli;

import io.stillwater.featurestore.cli.DurationConverter;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.LiveSimulation;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.SimulationSummary;
import io.stillwater.simulator.Simulator;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.KinesisClients;
import io.stillwater.stream.KinesisEventSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code stillwater simulate}: a realistic, deterministic event history, or live events as they happen. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate app users' events.",
      "History: date-partitioned gzipped JSON lines under --out (default <workspace>/events); the same seed gives the same bytes.",
      "Live (--live): events from now on, paced by the wall clock (or --speed times faster), to the stream the streaming "
          + "pipeline reads (--to embedded: <workspace>/stream, the default when --workspace is given; --to kinesis), "
          + "the file --out, or stdout."
    })
final class SimulateCommand implements Callable<Integer> {

  @Mixin WorkspaceOptions workspace;

  @Option(names = "--users", defaultValue = "200", description = "Number of users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "7", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--end", paramLabel = "DATE",
      description = "First UTC date after the history, YYYY-MM-DD (default: today, so the history ends at midnight UTC).")
  Optional<LocalDate> end = Optional.empty();

  @Option(names = "--bad-rate", defaultValue = "" + SimulationConfig.DEFAULT_BAD_RATE,
      description = "Share of faulty input mixed in: malformed, missing or impossible fields, duplicates, late arrivals (default: ${DEFAULT-VALUE}).")
  double badRate;

  @Option(names = "--out", paramLabel = "PATH", description = "History: output folder. Live: file to append to (default: stdout).")
  Optional<Path> out = Optional.empty();

  @Option(names = "--live", description = "Emit events in real time instead of writing a history.")
  boolean live;

  @Option(names = "--speed", defaultValue = "1", description = "Live: simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "PT876000H",
      converter = DurationConverter.class, description = "Live: stop after this long, e.g. 90s, 10m, 2h (default: until interrupted).")
  Duration duration;

  @Option(names = "--max-events", defaultValue = "" + Long.MAX_VALUE, description = "Live: stop after this many lines.")
  long maxEvents;

  /** Where live lines go. */
  enum Target { stdout, file, embedded, kinesis }

  @Option(names = "--to", paramLabel = "TARGET",
      description = "Live: stdout, file (--out), embedded (the stream under <workspace>/stream) or kinesis. Default: file "
          + "with --out, embedded when --workspace is given, else stdout.")
  Optional<Target> to = Optional.empty();

  @Option(names = "--kinesis-stream", paramLabel = "NAME", defaultValue = "${env:STILLWATER_KINESIS_STREAM:-}",
      description = "Live --to kinesis: the stream.")
  String kinesisStream;

  @Option(names = "--kinesis-endpoint", paramLabel = "URL", description = "Live --to kinesis: endpoint override (e.g. kinesalite).")
  Optional<URI> kinesisEndpoint = Optional.empty();

  @Option(names = "--aws-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "Live --to kinesis: AWS region (default: ${DEFAULT-VALUE}).")
  String awsRegion;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SimulationConfig config = config();
    Simulator simulator = new Simulator(workspace.loadCatalog(), config);
    if (live) {
      return runLive(simulator);
    }
    Path dir = out.orElse(workspace.eventsDir());
    long startNanos = System.nanoTime();
    SimulationSummary summary = new HistoryWriter(simulator, dir).write(Progress.toStderr(spec.commandLine().getErr()));
    SummaryReport.print(summary, Duration.ofNanos(System.nanoTime() - startNanos), spec.commandLine().getOut());
    return 0;
  }

  private SimulationConfig config() {
    try {
      LocalDate endDate = end.orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
      if (live) {
        endDate = LocalDate.now(ZoneOffset.UTC).plusDays(days);
      }
      return new SimulationConfig(users, days, seed, endDate, badRate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private int runLive(Simulator simulator) throws IOException, InterruptedException {
    LiveSimulation liveSimulation;
    try {
      liveSimulation = new LiveSimulation(simulator, speed, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--speed: " + e.getMessage());
    }
    Target target = to.orElseGet(() -> out.isPresent() ? Target.file
        : spec.commandLine().getParseResult().hasMatchedOption("--workspace") ? Target.embedded : Target.stdout);
    if (target == Target.embedded || target == Target.kinesis) {
      return runLiveToStream(liveSimulation, target);
    }
    try (Writer sink = liveSink()) {
      long lines = liveSimulation.run(duration, maxEvents, line -> {
        try {
          sink.write(line);
          sink.write('\n');
          sink.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      spec.commandLine().getErr().printf("emitted %,d lines%n", lines);
    }
    return 0;
  }

  /**
   * Appends each line as it is due to the embedded stream or Kinesis, as the API would; faulty lines too, so the
   * pipeline's dead letters see them.
   */
  private int runLiveToStream(LiveSimulation liveSimulation, Target target) throws InterruptedException {
    Consumer<String> append;
    AutoCloseable sink;
    String where;
    if (target == Target.embedded) {
      EmbeddedEventLog log = EmbeddedEventLog.inWorkspace(workspace.workspace());
      append = line -> log.appendLines(List.of(line));
      sink = log;
      where = log.directory().toString();
    } else {
      if (kinesisStream == null || kinesisStream.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--kinesis-stream is required with --to kinesis");
      }
      KinesisEventSink kinesis = KinesisEventSink.create(KinesisClients.create(kinesisEndpoint, awsRegion), kinesisStream);
      append = line -> kinesis.appendLines(List.of(line));
      sink = kinesis;
      where = "Kinesis stream " + kinesisStream;
    }
    try (sink) {
      long lines = liveSimulation.run(duration, maxEvents, append);
      spec.commandLine().getErr().printf("appended %,d lines to %s%n", lines, where);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot append to " + where + ": " + e.getMessage(), e);
    }
    return 0;
  }

  private Writer liveSink() throws IOException {
    if (out.isEmpty()) {
      return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
        @Override
        public void close() {
          flush(); // never close stdout
        }
      };
    }
    Path file = out.get();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return new BufferedWriter(new OutputStreamWriter(
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8));
  }
}
