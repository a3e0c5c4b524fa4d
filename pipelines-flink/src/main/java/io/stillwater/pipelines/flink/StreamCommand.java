package io.stillwater.pipelines.flink;

import io.stillwater.featurestore.generation.Slot;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.pipelines.streaming.StreamStatusReporter;
import io.stillwater.pipelines.streaming.StreamMetrics;
import io.stillwater.pipelines.streaming.triggers.TriggerConfig;
import io.stillwater.stream.StreamPosition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./stillwater stream}: the streaming pipeline on an embedded Flink mini-cluster until Ctrl-C. The
 * launcher runs it from this module's classpath (Flink, no Spark). Defaults come from the deployment's
 * environment variables (the keys Terraform outputs).
 */
@Command(
    name = "stillwater stream",
    mixinStandardHelpOptions = true,
    version = "stillwater stream 0.1.0",
    description = {
      "Fold live events into a feature-store slot: read the embedded stream (<workspace>/stream) or Kinesis, validate, "
          + "de-duplicate, update each user's and content item's features with the same code as backfill, upsert them "
          + "into the slot (event-time guarded), and archive events and dead letters as windowed Parquet under "
          + "<workspace>/lake/stream_events and stream_dead_letter.",
      "Prints events/s, lag and freshness (event time -> visible in the store, p50/p99) every few seconds, and writes "
          + "them to <workspace>/stream/status-<slot>.json. Checkpoints go to <workspace>/stream/checkpoints/<slot>; "
          + "a restart resumes from the newest one. Ctrl-C stops.",
      "Trigger rules (--triggers) fire on the updated state; fired triggers go to <workspace>/stream/triggers "
          + "(JSON lines, an embedded log) or to SQS, for the push worker."
    })
public final class StreamCommand implements Callable<Integer> {

  @Option(names = "--source", paramLabel = "embedded|kinesis", defaultValue = "embedded",
      description = "Where events come from (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--slot", required = true, paramLabel = "blue|green", description = "The feature-store slot to write.")
  String slot;

  @Option(names = "--start-at", paramLabel = "TIME|TRIM_HORIZON|LATEST", defaultValue = "LATEST",
      description = "Where a run without a checkpoint starts: LATEST, TRIM_HORIZON, an ISO-8601 time (AT_TIMESTAMP), "
          + "or offset:N (embedded) (default: ${DEFAULT-VALUE}).")
  String startAt;

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "${env:STILLWATER_WORKSPACE:-workspace}",
      description = "Embedded stream, embedded store, lake, status and checkpoints (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--kinesis-stream", paramLabel = "NAME", defaultValue = "${env:STILLWATER_KINESIS_STREAM:-}",
      description = "Kinesis stream for --source kinesis.")
  String kinesisStream;

  @Option(names = "--kinesis-endpoint", paramLabel = "URL", description = "Kinesis endpoint override (e.g. kinesalite).")
  String kinesisEndpoint;

  @Option(names = "--aws-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "AWS region (default: ${DEFAULT-VALUE}).")
  String awsRegion;

  @Option(names = "--store-backend", paramLabel = "embedded|dynamodb", defaultValue = "${env:STILLWATER_STORE_BACKEND:-embedded}",
      description = "Online store backend (default: ${DEFAULT-VALUE}).")
  String storeBackend;

  @Option(names = "--table-prefix", paramLabel = "PREFIX", defaultValue = "${env:STILLWATER_TABLE_PREFIX:-stillwater}",
      description = "DynamoDB table prefix (default: ${DEFAULT-VALUE}).")
  String tablePrefix;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "DynamoDB endpoint override (e.g. dynalite).")
  String dynamoEndpoint;

  @Option(names = "--lake", paramLabel = "DIR", description = "Lake root for the archive (default: <workspace>/lake).")
  String lake;

  @Option(names = "--triggers", paramLabel = "FILE|default|off", defaultValue = "${env:STILLWATER_TRIGGERS:-default}",
      description = "Trigger rules (JSON; see docs/streaming.md): a file, default (the bundled rules) or off "
          + "(default: ${DEFAULT-VALUE}).")
  String triggers;

  @Option(names = "--trigger-sink", paramLabel = "embedded|sqs", defaultValue = "${env:STILLWATER_TRIGGER_SINK:-embedded}",
      description = "Where fired triggers go: embedded (<workspace>/stream/triggers) or sqs (default: ${DEFAULT-VALUE}).")
  String triggerSink;

  @Option(names = "--trigger-queue-url", paramLabel = "URL", defaultValue = "${env:STILLWATER_TRIGGER_QUEUE_URL:-}",
      description = "SQS queue URL for --trigger-sink sqs.")
  String triggerQueueUrl;

  @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "SQS endpoint override (e.g. ElasticMQ).")
  String sqsEndpoint;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
      description = "How often Flink checkpoints (e.g. 500ms, 10s, 1m) (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(names = "--fresh", description = "Ignore existing checkpoints and start at --start-at.")
  boolean fresh;

  @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "5s", converter = Durations.class,
      description = "How often progress is printed and the status file written (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StreamOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    Path checkpoints = workspace.toAbsolutePath().resolve("stream").resolve("checkpoints").resolve(slot);
    CountDownLatch stop = new CountDownLatch(1);
    StreamStatusReporter reporter = StreamStatusReporter.start(workspace.toAbsolutePath(), slot, source, progressEvery, line -> {
      out.println(line);
      out.flush();
    });
    FlinkStreamRunner.Run run = FlinkStreamRunner.start(options,
        new FlinkStreamRunner.Settings(checkpoints, checkpointInterval, !fresh, 1));
    out.println("stream: " + source + " -> slot " + slot + (run.resumedFrom().isPresent()
        ? ", resumed from checkpoint " + run.resumedFrom().get() : ", from " + startAt) + "; Ctrl-C stops");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Flink keeps the newest checkpoint: the next run resumes there and replays (idempotently) what came after
      reporter.close();
      out.println("stream: stopped after " + StreamMetrics.EVENTS_FOLDED.sum() + " events; the next run resumes from "
          + FlinkStreamRunner.latestCheckpoint(checkpoints).map(Path::toString).orElse("--start-at (no checkpoint yet)"));
      out.flush();
      stop.countDown();
    }, "stream-stop"));
    stop.await();
    return 0;
  }

  /** Checks every argument and turns them into Beam options; a bad one is a usage error naming the option. */
  StreamOptions options() {
    CommandLine cli = spec.commandLine();
    if (!source.equals("embedded") && !source.equals("kinesis")) {
      throw new ParameterException(cli, "--source must be embedded or kinesis, got '" + source + "'");
    }
    try {
      Slot.parse(slot);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--slot: " + e.getMessage());
    }
    StreamPosition start;
    try {
      start = StreamPosition.parse(startAt);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--start-at: " + e.getMessage());
    }
    if (source.equals("kinesis")) {
      if (kinesisStream == null || kinesisStream.isBlank()) {
        throw new ParameterException(cli, "--kinesis-stream is required with --source kinesis (or set STILLWATER_KINESIS_STREAM)");
      }
      if (start instanceof StreamPosition.Offset) {
        throw new ParameterException(cli, "--start-at: " + startAt + " is an embedded-log offset; Kinesis takes LATEST, TRIM_HORIZON or a time");
      }
    }
    if (!storeBackend.equals("embedded") && !storeBackend.equals("dynamodb")) {
      throw new ParameterException(cli, "--store-backend must be embedded or dynamodb, got '" + storeBackend + "'");
    }
    if (!triggerSink.equals("embedded") && !triggerSink.equals("sqs")) {
      throw new ParameterException(cli, "--trigger-sink must be embedded or sqs, got '" + triggerSink + "'");
    }
    boolean triggersOn;
    try {
      triggersOn = TriggerConfig.fromOption(triggers).isPresent(); // refuses a malformed file naming the field
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--triggers: " + e.getMessage());
    }
    if (triggersOn && triggerSink.equals("sqs") && (triggerQueueUrl == null || triggerQueueUrl.isBlank())) {
      throw new ParameterException(cli, "--trigger-queue-url is required with --trigger-sink sqs (or set STILLWATER_TRIGGER_QUEUE_URL)");
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new ParameterException(cli, "--checkpoint-interval must be at least 10ms, got " + checkpointInterval);
    }
    List<String> args = new ArrayList<>(List.of(
        "--source=" + source, "--slot=" + slot.toLowerCase(Locale.ROOT), "--startAt=" + start,
        "--workspace=" + workspace.toAbsolutePath(), "--awsRegionName=" + awsRegion, "--storeBackend=" + storeBackend,
        "--tablePrefix=" + tablePrefix));
    if (kinesisStream != null && !kinesisStream.isBlank()) {
      args.add("--kinesisStream=" + kinesisStream);
    }
    if (kinesisEndpoint != null) {
      args.add("--kinesisEndpoint=" + kinesisEndpoint);
    }
    if (dynamoEndpoint != null) {
      args.add("--dynamoEndpoint=" + dynamoEndpoint);
    }
    if (lake != null) {
      args.add("--lake=" + lake);
    }
    args.add("--triggers=" + triggers);
    args.add("--triggerSink=" + triggerSink);
    if (triggerQueueUrl != null && !triggerQueueUrl.isBlank()) {
      args.add("--triggerQueueUrl=" + triggerQueueUrl);
    }
    if (sqsEndpoint != null) {
      args.add("--sqsEndpoint=" + sqsEndpoint);
    }
    return FlinkStreamRunner.options(args.toArray(String[]::new));
  }

  /** 500ms, 10s, 2m, or ISO-8601 (PT10S). */
  static final class Durations implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt")) {
          return Duration.parse(v);
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new IllegalArgumentException();
        };
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 1m)");
      }
    }
  }

  public static void main(String[] args) {
    int status = commandLine().execute(args);
    System.exit(status);
  }

  /** One clear line and status 2 for bad arguments, no stack traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new StreamCommand());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("stillwater stream: " + firstLine(ex.getMessage()) + " (see 'stillwater stream --help')");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("stillwater stream: " + firstLine(String.valueOf(ex.getMessage())));
      return ex instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
