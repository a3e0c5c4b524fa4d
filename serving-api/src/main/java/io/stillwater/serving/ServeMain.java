package io.stillwater.serving;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.featurestore.StoreLocation;
import io.stillwater.serving.admin.GenerationAdmin;
import io.stillwater.serving.admin.UserFeatureInspector;
import io.stillwater.serving.http.ApiServer;
import io.stillwater.serving.http.WarmUp;
import io.stillwater.serving.ingest.EventIngest;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.live.LiveStack;
import io.stillwater.serving.live.StorageOptions;
import io.stillwater.serving.metrics.ServingMetrics;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.recommend.RecommendationService;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.EventSink;
import io.stillwater.stream.KinesisClients;
import io.stillwater.stream.KinesisEventSink;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stillwater serve}: wires the live generation (embedded store or DynamoDB), the model registry, the
 * event stream and the prediction log to the HTTP server, and serves until interrupted. Every option can also
 * come from the environment (the names in docs/configuration.md); the admin token only from
 * STILLWATER_ADMIN_TOKEN, so it never shows in a process list.
 */
@Command(name = "stillwater serve", mixinStandardHelpOptions = true,
    description = "Serve recommendations over HTTP from the live generation and its model.")
public final class ServeMain implements Callable<Integer> {

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "${env:STILLWATER_WORKSPACE:-workspace}",
      description = "Workspace: embedded store, models, stream and lake (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--host", defaultValue = "${env:STILLWATER_HOST:-127.0.0.1}", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:STILLWATER_PORT:-7070}", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--warm-up-seconds", defaultValue = "${env:STILLWATER_WARM_UP_SECONDS:-30}",
      description = "Seconds of in-process recommendations for the live users before /health/ready says ready, so "
          + "that the first requests run on optimized code; 0: none (default: ${DEFAULT-VALUE}).")
  int warmUpSeconds;

  @Option(names = "--lake", paramLabel = "DIR|s3://BUCKET/PREFIX", defaultValue = "${env:STILLWATER_LAKE}",
      description = "Lake root for the prediction log: a local directory, or s3://bucket/prefix (files are written "
          + "under WORKSPACE/prediction-log first, then uploaded) (default: WORKSPACE/lake).")
  String lake;

  @Mixin
  StorageOptions storage;

  @Option(names = "--store", defaultValue = "${env:STILLWATER_STORE_BACKEND:-embedded}",
      description = "Feature store backend: embedded or dynamodb (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--table-prefix", defaultValue = "${env:STILLWATER_TABLE_PREFIX:-stillwater}",
      description = "DynamoDB tables PREFIX-blue, PREFIX-green, PREFIX-registry (default: ${DEFAULT-VALUE}).")
  String tablePrefix;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "DynamoDB endpoint for a local server (default: AWS).")
  URI dynamoEndpoint;

  @Option(names = "--event-sink", defaultValue = "${env:STILLWATER_EVENT_SINK:-embedded}",
      description = "Where POST /v1/events goes: embedded (WORKSPACE/stream) or kinesis (default: ${DEFAULT-VALUE}).")
  String eventSink;

  @Option(names = "--kinesis-stream", defaultValue = "${env:STILLWATER_KINESIS_STREAM}", description = "Kinesis stream name (with --event-sink kinesis).")
  String kinesisStream;

  @Option(names = "--kinesis-endpoint", paramLabel = "URL", description = "Kinesis endpoint for a local server (default: AWS).")
  URI kinesisEndpoint;

  @Option(names = "--aws-region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region (default: ${DEFAULT-VALUE}).")
  String region;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeMain());
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("stillwater serve: " + ex.getMessage() + " (see 'stillwater serve --help')");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("stillwater serve: " + ex.getMessage());
      // a malformed location (e.g. --lake s3://Bad_Bucket) is a bad argument
      return ex instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (warmUpSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--warm-up-seconds must be 0 or more");
    }
    Catalog catalog = CatalogLoader.loadDefault();
    SearchFeatures search = SearchFeatures.withSharedModel(catalog);
    StoreLocation location = StoreLocation.open(store, workspace, tablePrefix, Optional.ofNullable(dynamoEndpoint));
    EventSink sink = eventSink();
    LiveStack stack = LiveStack.open(location, storage.open(workspace, region));
    LiveServing live = stack.live();
    PredictionLog predictionLog = PredictionLog.forLake(lake != null ? lake : workspace.resolve("lake").toString(),
        workspace.resolve("prediction-log"), storage.s3(region));
    ServingMetrics metrics = new ServingMetrics(live);
    metrics.predictionLog(predictionLog::rowsWritten, predictionLog::responsesDropped, predictionLog::queued);
    metrics.predictionUploads(predictionLog.upload()::filesUploaded, predictionLog.upload()::uploadFailures,
        predictionLog.upload()::filesWaiting);
    EventValidator validator = new EventValidator(
        catalog.items().stream().map(ContentItem::contentId).collect(Collectors.toSet()), Clock.systemUTC());
    ApiServer server = new ApiServer(new ApiServer.Services(
        new RecommendationService(catalog, search, live),
        new UserFeatureInspector(catalog, search, live),
        new GenerationAdmin(location.registry()),
        new EventIngest(validator, sink), live, predictionLog, metrics, Optional.of(workspace.resolve("stream"))),
        Optional.ofNullable(System.getenv("STILLWATER_ADMIN_TOKEN")), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      predictionLog.close();
      stack.close();
      sink.close();
      location.close();
      stopped.countDown();
    }, "serve-shutdown"));
    if (warmUpSeconds > 0) {
      System.err.println("stillwater serve: starting on http://" + host + ":" + port + "; warming up for "
          + warmUpSeconds + " s before /health/ready says ready");
    }
    WarmUp.Result warm = server.startWarmedUp(host, port, Duration.ofSeconds(warmUpSeconds));
    System.err.println("stillwater serve: listening on http://" + host + ":" + server.port()
        + (warm.skipped() == null ? String.format(Locale.ROOT, " (warmed up on %,d requests in %.1f s)",
            warm.requests(), warm.took().toMillis() / 1000.0)
            : warmUpSeconds > 0 ? " (no warm-up: " + warm.skipped() + ")" : "")
        + (live.ready() ? "" : " (not ready: no live generation with a loadable model yet)"));
    stopped.await();
    return 0;
  }

  private EventSink eventSink() {
    return switch (eventSink) {
      case "embedded" -> EmbeddedEventLog.inWorkspace(workspace);
      case "kinesis" -> {
        if (kinesisStream == null || kinesisStream.isBlank()) {
          throw new CommandLine.ParameterException(new CommandLine(this),
              "--event-sink kinesis needs --kinesis-stream (or STILLWATER_KINESIS_STREAM)");
        }
        yield KinesisEventSink.create(KinesisClients.create(Optional.ofNullable(kinesisEndpoint), region), kinesisStream);
      }
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "unknown --event-sink '" + eventSink + "' (embedded or kinesis)");
    };
  }
}
