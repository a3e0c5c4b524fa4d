package io.stillwater.push;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.featurestore.StoreLocation;
import io.stillwater.push.policy.QuietHours;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.policy.UserTimeZones;
import io.stillwater.push.publish.EmbeddedOutbox;
import io.stillwater.push.publish.PublishedLedger;
import io.stillwater.push.publish.PushSink;
import io.stillwater.push.publish.RetryingPublisher;
import io.stillwater.push.publish.SqsPushSink;
import io.stillwater.push.source.EmbeddedTriggerSource;
import io.stillwater.push.source.SqsTriggerSource;
import io.stillwater.push.source.TriggerSource;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.live.LiveStack;
import io.stillwater.serving.live.StorageOptions;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.serving.recommend.RecommendationService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stillwater push-worker}: reads the streaming pipeline's triggers, scores each with the API's scoring over
 * the live generation, and publishes one message per trigger (docs/push.md). Options default from the environment
 * (the keys in docs/configuration.md), as {@code serve}'s.
 */
@Command(name = "stillwater push-worker", mixinStandardHelpOptions = true,
    description = "Turn triggers into pushes: score with the live generation, rate-limit, publish to a queue.")
public final class PushWorkerCommand implements Callable<Integer> {

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "${env:STILLWATER_WORKSPACE:-workspace}",
      description = "Workspace: embedded store, models, trigger log, push files (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Mixin
  StorageOptions storage;

  @Option(names = "--lake", paramLabel = "DIR|s3://BUCKET/PREFIX", defaultValue = "${env:STILLWATER_LAKE}",
      description = "Lake root whose prediction log gives each user's latest tz offset (default: WORKSPACE/lake). "
          + "An s3:// lake is not read yet: every user gets --default-tz-offset-minutes.")
  String lake;

  @Option(names = "--store", defaultValue = "${env:STILLWATER_STORE_BACKEND:-embedded}",
      description = "Feature store backend: embedded or dynamodb (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--table-prefix", defaultValue = "${env:STILLWATER_TABLE_PREFIX:-stillwater}",
      description = "DynamoDB table prefix (default: ${DEFAULT-VALUE}).")
  String tablePrefix;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "DynamoDB endpoint for a local server (default: AWS).")
  URI dynamoEndpoint;

  @Option(names = "--trigger-source", defaultValue = "${env:STILLWATER_TRIGGER_SOURCE:-embedded}",
      description = "Where triggers come from: embedded (WORKSPACE/stream/triggers) or sqs (default: ${DEFAULT-VALUE}).")
  String triggerSource;

  @Option(names = "--trigger-queue-url", paramLabel = "URL", defaultValue = "${env:STILLWATER_TRIGGER_QUEUE_URL}",
      description = "The triggers queue (with --trigger-source sqs).")
  String triggerQueueUrl;

  @Option(names = "--push-sink", defaultValue = "${env:STILLWATER_PUSH_SINK:-embedded}",
      description = "Where pushes go: embedded (WORKSPACE/push/outbox.jsonl) or sqs (default: ${DEFAULT-VALUE}).")
  String pushSink;

  @Option(names = "--push-queue-url", paramLabel = "URL", defaultValue = "${env:STILLWATER_PUSH_QUEUE_URL}",
      description = "The push queue (with --push-sink sqs); a URL ending in .fifo deduplicates by idempotency key.")
  String pushQueueUrl;

  @Option(names = "--sqs-endpoint", paramLabel = "URL", defaultValue = "${env:STILLWATER_SQS_ENDPOINT}",
      description = "SQS endpoint for a local server such as ElasticMQ (default: AWS).")
  URI sqsEndpoint;

  @Option(names = "--aws-region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--limit", defaultValue = "${env:STILLWATER_PUSH_ITEMS:-5}", description = "Items per push (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--max-per-user", defaultValue = "${env:STILLWATER_PUSH_MAX_PER_USER:-3}",
      description = "Pushes per user per rate window (default: ${DEFAULT-VALUE}).")
  int maxPerUser;

  @Option(names = "--rate-window", paramLabel = "DURATION", defaultValue = "${env:STILLWATER_PUSH_RATE_WINDOW:-PT1H}",
      description = "The rolling rate window, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration rateWindow;

  @Option(names = "--quiet-hours", paramLabel = "HH:MM-HH:MM", defaultValue = "${env:STILLWATER_PUSH_QUIET_HOURS:-22:00-07:00}",
      description = "No pushes in this span of the user's local time, or off (default: ${DEFAULT-VALUE}).")
  String quietHours;

  @Option(names = "--default-tz-offset-minutes", defaultValue = "${env:STILLWATER_PUSH_DEFAULT_TZ_OFFSET_MINUTES:-0}",
      description = "Offset from UTC for users who never sent context.tz_offset_minutes (default: ${DEFAULT-VALUE}).")
  int defaultTzOffset;

  @Option(names = "--max-trigger-age", paramLabel = "DURATION", defaultValue = "${env:STILLWATER_PUSH_MAX_TRIGGER_AGE:-PT15M}",
      description = "Triggers whose event is older than this are suppressed as stale (default: ${DEFAULT-VALUE}).")
  Duration maxTriggerAge;

  @Option(names = "--publish-attempts", defaultValue = "${env:STILLWATER_PUSH_PUBLISH_ATTEMPTS:-5}",
      description = "Sends per message before it is dead-lettered (default: ${DEFAULT-VALUE}).")
  int publishAttempts;

  @Option(names = "--publish-backoff", paramLabel = "DURATION", defaultValue = "PT0.2S",
      description = "Wait before the first retry, doubling up to 10 s (default: ${DEFAULT-VALUE}).")
  Duration publishBackoff;

  @Option(names = "--dedup-retention", paramLabel = "DURATION", defaultValue = "PT168H",
      description = "How long a published key is remembered (default: ${DEFAULT-VALUE}).")
  Duration dedupRetention;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new PushWorkerCommand());
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("stillwater push-worker: " + ex.getMessage() + " (see 'stillwater push-worker --help')");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("stillwater push-worker: " + ex.getMessage());
      return 1;
    });
    System.exit(cli.execute(args));
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(new CommandLine(this), message);
  }

  @Override
  public Integer call() throws Exception {
    if (limit < 1 || limit > 50) {
      throw usage("--limit must be from 1 to 50, not " + limit);
    }
    if (publishAttempts < 1) {
      throw usage("--publish-attempts must be at least 1, not " + publishAttempts);
    }
    if (maxPerUser < 1) {
      throw usage("--max-per-user must be at least 1, not " + maxPerUser);
    }
    UserTimeZones zones;
    Optional<QuietHours> quiet;
    try {
      zones = new UserTimeZones(defaultTzOffset, localPredictions(), Duration.ofMinutes(10));
      quiet = QuietHours.parse(quietHours, zones);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    TriggerSource source = triggerSource();
    PushSink sink = pushSink();

    Catalog catalog = CatalogLoader.loadDefault();
    StoreLocation location = StoreLocation.open(store, workspace, tablePrefix, Optional.ofNullable(dynamoEndpoint));
    LiveStack stack = LiveStack.open(location, storage.open(workspace, region));
    LiveServing live = stack.live();
    RecommendationService service = new RecommendationService(catalog, SearchFeatures.withSharedModel(catalog), live);

    Path pushDir = workspace.resolve("push");
    Clock clock = Clock.systemUTC();
    PushWorker worker = new PushWorker(source, new LiveScorer(service, live), new RateLimit(maxPerUser, rateWindow), quiet,
        zones, new RetryingPublisher(sink, publishAttempts, publishBackoff),
        PublishedLedger.open(pushDir.resolve(PublishedLedger.FILE), dedupRetention, clock.millis()), pushDir, clock,
        new PushWorker.Settings(limit, maxTriggerAge, Duration.ofSeconds(5)), new PushStats(new SimpleMeterRegistry()));

    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.set(true);
      try {
        if (!stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
          main.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "push-worker-shutdown"));
    System.err.println("stillwater push-worker: " + triggerSource + " triggers -> " + sink.describe()
        + "; at most " + maxPerUser + " per user per " + rateWindow + ", quiet hours " + quiet.map(Object::toString).orElse("off")
        + "; status in " + pushDir.resolve(PushStats.STATUS_FILE)
        + (live.ready() ? "" : " (waiting: no live generation with a loadable model yet)"));
    try {
      worker.run(stop::get);
    } finally {
      worker.close();
      stack.close();
      location.close();
      PushStats s = worker.stats();
      System.err.println("stillwater push-worker: read " + s.triggersRead() + ", published " + s.published()
          + ", duplicates " + s.duplicates() + ", suppressed " + s.suppressedTotal() + ", dead-lettered " + s.deadLettered());
      stopped.countDown();
    }
    return 0;
  }

  /**
   * The prediction log the tz offsets are read from, or null when the lake is on S3: reading it there is not
   * built yet (docs/push.md), so quiet hours then use the default offset for everyone.
   */
  private Path localPredictions() {
    if (S3Location.isS3(lake)) {
      System.err.println("stillwater push-worker: tz offsets are not read from an s3:// lake yet (" + lake
          + "); quiet hours use --default-tz-offset-minutes " + defaultTzOffset + " for every user");
      return null;
    }
    return (lake != null ? Path.of(lake) : workspace.resolve("lake")).resolve("predictions");
  }

  private TriggerSource triggerSource() {
    return switch (triggerSource) {
      case "embedded" -> EmbeddedTriggerSource.inWorkspace(workspace);
      case "sqs" -> {
        if (triggerQueueUrl == null || triggerQueueUrl.isBlank()) {
          throw usage("--trigger-source sqs needs --trigger-queue-url (or STILLWATER_TRIGGER_QUEUE_URL)");
        }
        yield new SqsTriggerSource(SqsClients.create(Optional.ofNullable(sqsEndpoint), region), triggerQueueUrl, true);
      }
      default -> throw usage("unknown --trigger-source '" + triggerSource + "' (embedded or sqs)");
    };
  }

  private PushSink pushSink() {
    return switch (pushSink) {
      case "embedded" -> EmbeddedOutbox.inWorkspace(workspace);
      case "sqs" -> {
        if (pushQueueUrl == null || pushQueueUrl.isBlank()) {
          throw usage("--push-sink sqs needs --push-queue-url (or STILLWATER_PUSH_QUEUE_URL)");
        }
        yield new SqsPushSink(SqsClients.create(Optional.ofNullable(sqsEndpoint), region), pushQueueUrl, true);
      }
      default -> throw usage("unknown --push-sink '" + pushSink + "' (embedded or sqs)");
    };
  }
}
