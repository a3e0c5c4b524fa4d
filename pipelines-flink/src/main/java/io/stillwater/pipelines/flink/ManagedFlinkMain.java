package io.stillwater.pipelines.flink;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.pipelines.streaming.StreamingPipeline;
import io.stillwater.pipelines.streaming.triggers.TriggerConfig;
import io.stillwater.stream.StreamPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.regions.Region;

/**
 * The streaming pipeline as an Amazon Managed Service for Apache Flink application: the Main-Class of
 * {@code stillwater-stream-flink-<version>.jar} ({@code ./mvnw -Pflink-bundle}). Managed Flink has no environment
 * variables, so the settings the {@code stream} command reads from the environment come from the application's
 * runtime property group {@value #PROPERTY_GROUP} (Terraform's {@code app_environment} plus the two stream keys
 * below), read with {@link KinesisAnalyticsRuntime#getApplicationProperties()}.
 *
 * <p>Keys: {@code AWS_REGION}, {@code STILLWATER_KINESIS_STREAM} (the source), {@code STILLWATER_STORE_BACKEND}
 * (must be {@code dynamodb}), {@code STILLWATER_TABLE_PREFIX} (the slot tables), {@code STILLWATER_LAKE} (the
 * Parquet archive, {@code s3://…}), {@code STILLWATER_STREAM_SLOT} (the slot this application writes); optional
 * {@code STILLWATER_STREAM_START_AT} (where a start without a snapshot begins: {@code TRIM_HORIZON} by default,
 * {@code LATEST} or an ISO-8601 time), {@code STILLWATER_TRIGGERS} (the trigger rules: {@code default}, a file or
 * {@code off}) with {@code STILLWATER_TRIGGER_SINK=sqs} and {@code STILLWATER_TRIGGER_QUEUE_URL} (required while the
 * rules are on), {@code STILLWATER_KINESIS_ENDPOINT}, {@code STILLWATER_DYNAMODB_ENDPOINT} and
 * {@code STILLWATER_SQS_ENDPOINT} (local servers, for a run of the bundle outside AWS). A missing key stops the application at start with a message naming it.
 *
 * <p>Runner settings: Flink's environment is the one Managed Flink provides ({@code flinkMaster=[auto]}), so
 * checkpointing interval, state backend and parallelism are the application's configuration (Terraform's
 * {@code flink_checkpoint_interval_ms}, {@code flink_parallelism}), not set here; bundles are kept small as in
 * {@link FlinkStreamRunner} for freshness.
 */
public final class ManagedFlinkMain {

  /** The runtime property group Terraform (modules/streaming) fills. */
  public static final String PROPERTY_GROUP = "StillwaterConfig";

  static final List<String> REQUIRED = List.of("AWS_REGION", "STILLWATER_KINESIS_STREAM", "STILLWATER_STORE_BACKEND",
      "STILLWATER_TABLE_PREFIX", "STILLWATER_LAKE", "STILLWATER_STREAM_SLOT");

  private ManagedFlinkMain() {}

  public static void main(String[] args) throws IOException {
    // For a run outside Managed Flink (a Flink cluster of one's own): the properties file as the one argument.
    Map<String, Properties> groups = args.length > 0 ? KinesisAnalyticsRuntime.getApplicationProperties(args[0])
        : KinesisAnalyticsRuntime.getApplicationProperties();
    StreamOptions options = options(group(groups));
    Pipeline pipeline = Pipeline.create(options);
    StreamingPipeline.build(pipeline, options);
    pipeline.run();
  }

  /** The {@value #PROPERTY_GROUP} group of the application's properties, as a plain map. */
  static Map<String, String> group(Map<String, Properties> groups) {
    Properties p = groups == null ? null : groups.get(PROPERTY_GROUP);
    if (p == null) {
      throw new IllegalArgumentException("the application has no runtime property group '" + PROPERTY_GROUP
          + "' (Terraform's modules/streaming sets it; groups present: " + (groups == null ? "none" : groups.keySet()) + ")");
    }
    Map<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  /** Checks the properties and turns them into the pipeline's options on Managed Flink's environment. */
  static StreamOptions options(Map<String, String> props) {
    for (String key : REQUIRED) {
      String v = props.get(key);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("runtime property " + key + " is missing from the property group '"
            + PROPERTY_GROUP + "' (docs/configuration.md)");
      }
    }
    String backend = props.get("STILLWATER_STORE_BACKEND").strip();
    if (!backend.equals("dynamodb")) {
      throw new IllegalArgumentException("runtime property STILLWATER_STORE_BACKEND must be dynamodb on Managed Flink, got '"
          + backend + "' (the embedded store lives on one host's disk)");
    }
    String slot = props.get("STILLWATER_STREAM_SLOT").strip().toLowerCase(Locale.ROOT);
    try {
      Slot.parse(slot);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runtime property STILLWATER_STREAM_SLOT: " + e.getMessage(), e);
    }
    String startAt = props.getOrDefault("STILLWATER_STREAM_START_AT", "TRIM_HORIZON").strip();
    StreamPosition start;
    try {
      start = StreamPosition.parse(startAt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runtime property STILLWATER_STREAM_START_AT: " + e.getMessage(), e);
    }
    if (start instanceof StreamPosition.Offset) {
      throw new IllegalArgumentException("runtime property STILLWATER_STREAM_START_AT: " + startAt
          + " is an embedded-log offset; Kinesis takes LATEST, TRIM_HORIZON or a time");
    }
    // Trigger rules (docs/push.md): on Managed Flink the embedded trigger log would be a task manager's local disk,
    // so fired triggers must go to SQS, or the rules be off.
    String triggers = optional(props, "STILLWATER_TRIGGERS").orElse("default");
    String triggerSink = optional(props, "STILLWATER_TRIGGER_SINK").orElse("embedded");
    boolean triggersOn;
    try {
      triggersOn = TriggerConfig.fromOption(triggers).isPresent();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runtime property STILLWATER_TRIGGERS: " + e.getMessage(), e);
    }
    if (triggersOn && !triggerSink.equals("sqs")) {
      throw new IllegalArgumentException("runtime property STILLWATER_TRIGGER_SINK must be sqs on Managed Flink, got '"
          + triggerSink + "' (or set STILLWATER_TRIGGERS=off)");
    }
    Optional<String> triggerQueue = optional(props, "STILLWATER_TRIGGER_QUEUE_URL");
    if (triggersOn && triggerQueue.isEmpty()) {
      throw new IllegalArgumentException("runtime property STILLWATER_TRIGGER_QUEUE_URL is missing from the property group '"
          + PROPERTY_GROUP + "' (STILLWATER_TRIGGER_SINK is sqs)");
    }
    String lake = props.get("STILLWATER_LAKE").strip();
    String region = props.get("AWS_REGION").strip();
    List<String> args = new ArrayList<>(List.of(
        "--source=kinesis", "--slot=" + slot, "--startAt=" + start,
        "--kinesisStream=" + props.get("STILLWATER_KINESIS_STREAM").strip(),
        "--awsRegionName=" + region, "--storeBackend=dynamodb",
        "--tablePrefix=" + props.get("STILLWATER_TABLE_PREFIX").strip(), "--lake=" + lake,
        // nothing is read from or written to a workspace with Kinesis, DynamoDB and an S3 lake
        "--workspace=/tmp/stillwater"));
    args.add("--triggers=" + triggers);
    args.add("--triggerSink=" + (triggersOn ? "sqs" : triggerSink));
    triggerQueue.ifPresent(q -> args.add("--triggerQueueUrl=" + q));
    // Local servers (kinesalite, dynalite, ElasticMQ) for a run of the bundle outside AWS; never set on Managed Flink.
    optional(props, "STILLWATER_KINESIS_ENDPOINT").ifPresent(e -> args.add("--kinesisEndpoint=" + e));
    optional(props, "STILLWATER_DYNAMODB_ENDPOINT").ifPresent(e -> args.add("--dynamoEndpoint=" + e));
    optional(props, "STILLWATER_SQS_ENDPOINT").ifPresent(e -> args.add("--sqsEndpoint=" + e));
    StreamOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(StreamOptions.class);
    options.as(AwsOptions.class).setAwsRegion(Region.of(region)); // the S3 file system of the lake

    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setRunner(FlinkRunner.class);
    flink.setFlinkMaster("[auto]"); // the environment Managed Flink runs main() in
    flink.setStreaming(true);
    flink.setMaxBundleSize(100L);
    flink.setMaxBundleTimeMills(50L);
    flink.setAutoWatermarkInterval(50L);
    flink.setShutdownSourcesAfterIdleMs(Long.MAX_VALUE); // finished sources would stop checkpointing
    return options;
  }

  private static Optional<String> optional(Map<String, String> props, String key) {
    return Optional.ofNullable(props.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
