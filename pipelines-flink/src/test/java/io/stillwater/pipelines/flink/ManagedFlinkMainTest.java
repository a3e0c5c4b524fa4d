package io.stillwater.pipelines.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.pipelines.streaming.StreamingPipeline;
import io.stillwater.pipelines.streaming.StoreTarget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class ManagedFlinkMainTest {

  /** What Terraform's modules/streaming puts in the property group: app_environment plus the stream keys. */
  private static Map<String, String> deployed() {
    Map<String, String> p = new HashMap<>();
    p.put("AWS_REGION", "eu-west-1");
    p.put("STILLWATER_LAKE", "s3://stillwater-prod-lake-123456789012/lake");
    p.put("STILLWATER_MODELS", "s3://stillwater-prod-models-123456789012/models");
    p.put("STILLWATER_STORE_BACKEND", "dynamodb");
    p.put("STILLWATER_TABLE_PREFIX", "stillwater-prod");
    p.put("STILLWATER_KINESIS_STREAM", "stillwater-prod-app-events");
    p.put("STILLWATER_STREAM_SLOT", "blue");
    p.put("STILLWATER_TRIGGER_SINK", "sqs");
    p.put("STILLWATER_TRIGGER_SOURCE", "sqs");
    p.put("STILLWATER_TRIGGER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/stillwater-prod-triggers.fifo");
    return p;
  }

  @Test
  void the_deployed_properties_become_the_stream_options_on_managed_flinks_environment() {
    StreamOptions o = ManagedFlinkMain.options(deployed());
    assertThat(o.getSource()).isEqualTo("kinesis");
    assertThat(o.getKinesisStream()).isEqualTo("stillwater-prod-app-events");
    assertThat(o.getKinesisEndpoint()).isNull();
    assertThat(o.getAwsRegionName()).isEqualTo("eu-west-1");
    assertThat(o.getStoreBackend()).isEqualTo("dynamodb");
    assertThat(o.getTablePrefix()).isEqualTo("stillwater-prod");
    assertThat(o.getDynamoEndpoint()).isNull();
    assertThat(o.getSlot()).isEqualTo("blue");
    assertThat(o.getStartAt()).isEqualTo("TRIM_HORIZON");
    assertThat(o.getLake()).isEqualTo("s3://stillwater-prod-lake-123456789012/lake");
    assertThat(o.as(AwsOptions.class).getAwsRegion()).isEqualTo(Region.EU_WEST_1);
    assertThat(o.getTriggers()).isEqualTo("default");
    assertThat(o.getTriggerSink()).isEqualTo("sqs");
    assertThat(o.getTriggerQueueUrl()).endsWith("/stillwater-prod-triggers.fifo");
    assertThat(o.getSqsEndpoint()).isNull();

    StoreTarget store = StreamingPipeline.settings(o).store();
    assertThat(store.toString()).isEqualTo("DynamoDB stillwater-prod-blue");
    assertThat(StreamingPipeline.settings(o).lake()).contains("s3://stillwater-prod-lake-123456789012/lake");

    FlinkPipelineOptions flink = o.as(FlinkPipelineOptions.class);
    assertThat(flink.getRunner()).isEqualTo(FlinkRunner.class);
    assertThat(flink.getFlinkMaster()).isEqualTo("[auto]");
    assertThat(flink.isStreaming()).isTrue();
    // checkpointing, state backend and parallelism are Managed Flink's (Terraform), not overridden here
    assertThat(flink.getCheckpointingInterval()).isEqualTo(-1L);
    assertThat(flink.getStateBackend()).isNull();
    assertThat(flink.getParallelism()).isEqualTo(-1);
  }

  @Test
  void the_slot_and_start_position_are_taken_as_given() {
    Map<String, String> p = deployed();
    p.put("STILLWATER_STREAM_SLOT", "GREEN");
    p.put("STILLWATER_STREAM_START_AT", "2026-11-28T03:00:00Z");
    StreamOptions o = ManagedFlinkMain.options(p);
    assertThat(o.getSlot()).isEqualTo("green");
    assertThat(o.getStartAt()).isEqualTo("2026-11-28T03:00:00Z");
    assertThat(StreamingPipeline.settings(o).store().toString()).isEqualTo("DynamoDB stillwater-prod-green");
  }

  @Test
  void a_missing_key_stops_the_start_with_an_error_naming_it() {
    for (String key : ManagedFlinkMain.REQUIRED) {
      Map<String, String> p = deployed();
      p.remove(key);
      assertThatThrownBy(() -> ManagedFlinkMain.options(p)).as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key).hasMessageContaining("StillwaterConfig");
      p.put(key, " ");
      assertThatThrownBy(() -> ManagedFlinkMain.options(p)).as(key + " blank").hasMessageContaining(key);
    }
  }

  @Test
  void bad_values_are_refused_with_the_key() {
    Map<String, String> embedded = deployed();
    embedded.put("STILLWATER_STORE_BACKEND", "embedded");
    assertThatThrownBy(() -> ManagedFlinkMain.options(embedded)).hasMessageContaining("STILLWATER_STORE_BACKEND")
        .hasMessageContaining("embedded");
    Map<String, String> purple = deployed();
    purple.put("STILLWATER_STREAM_SLOT", "purple");
    assertThatThrownBy(() -> ManagedFlinkMain.options(purple)).hasMessageContaining("STILLWATER_STREAM_SLOT")
        .hasMessageContaining("purple");
    Map<String, String> offset = deployed();
    offset.put("STILLWATER_STREAM_START_AT", "offset:5");
    assertThatThrownBy(() -> ManagedFlinkMain.options(offset)).hasMessageContaining("STILLWATER_STREAM_START_AT")
        .hasMessageContaining("offset:5");
    Map<String, String> yesterday = deployed();
    yesterday.put("STILLWATER_STREAM_START_AT", "yesterday");
    assertThatThrownBy(() -> ManagedFlinkMain.options(yesterday)).hasMessageContaining("STILLWATER_STREAM_START_AT");
  }

  @Test
  void triggers_go_to_sqs_or_are_off_never_to_a_task_managers_disk() {
    Map<String, String> noSink = deployed();
    noSink.remove("STILLWATER_TRIGGER_SINK");
    assertThatThrownBy(() -> ManagedFlinkMain.options(noSink)).hasMessageContaining("STILLWATER_TRIGGER_SINK")
        .hasMessageContaining("STILLWATER_TRIGGERS=off");
    Map<String, String> noQueue = deployed();
    noQueue.remove("STILLWATER_TRIGGER_QUEUE_URL");
    assertThatThrownBy(() -> ManagedFlinkMain.options(noQueue)).hasMessageContaining("STILLWATER_TRIGGER_QUEUE_URL");
    Map<String, String> off = deployed();
    off.remove("STILLWATER_TRIGGER_SINK");
    off.remove("STILLWATER_TRIGGER_QUEUE_URL");
    off.put("STILLWATER_TRIGGERS", "off");
    assertThat(ManagedFlinkMain.options(off).getTriggers()).isEqualTo("off");
    Map<String, String> badRules = deployed();
    badRules.put("STILLWATER_TRIGGERS", "/no/such/rules.json");
    assertThatThrownBy(() -> ManagedFlinkMain.options(badRules)).hasMessageContaining("STILLWATER_TRIGGERS");
  }

  @Test
  void the_property_group_is_read_from_managed_flinks_properties_file(@TempDir Path dir) throws Exception {
    // The file Managed Flink writes from the application's EnvironmentProperties (PropertyGroupId, PropertyMap).
    Path file = dir.resolve("application_properties.json");
    Files.writeString(file, """
        [{"PropertyGroupId": "Other", "PropertyMap": {"x": "1"}},
         {"PropertyGroupId": "StillwaterConfig", "PropertyMap": {
            "AWS_REGION": "eu-west-1", "STILLWATER_LAKE": "s3://lake/lake", "STILLWATER_STORE_BACKEND": "dynamodb",
            "STILLWATER_TABLE_PREFIX": "sw-prod", "STILLWATER_KINESIS_STREAM": "sw-prod-app-events",
            "STILLWATER_STREAM_SLOT": "green", "STILLWATER_TRIGGERS": "off"}}]
        """);
    Map<String, String> group = ManagedFlinkMain.group(KinesisAnalyticsRuntime.getApplicationProperties(file.toString()));
    assertThat(group).containsEntry("STILLWATER_TABLE_PREFIX", "sw-prod").doesNotContainKey("x");
    assertThat(ManagedFlinkMain.options(group).getSlot()).isEqualTo("green");

    Files.writeString(file, "[{\"PropertyGroupId\": \"Other\", \"PropertyMap\": {\"x\": \"1\"}}]");
    assertThatThrownBy(() -> ManagedFlinkMain.group(KinesisAnalyticsRuntime.getApplicationProperties(file.toString())))
        .hasMessageContaining("StillwaterConfig").hasMessageContaining("Other");
  }

  /** The cheap CI-time check of the flink-bundle profile: its Main-Class exists and is an entry point. */
  @Test
  void the_flink_bundle_profile_names_this_entry_point_and_leaves_flink_out() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    int profile = pom.indexOf("<id>flink-bundle</id>");
    assertThat(profile).as("pipelines-flink/pom.xml has the flink-bundle profile").isPositive();
    String bundle = pom.substring(profile, pom.indexOf("</profile>", profile));
    Matcher main = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(bundle);
    assertThat(main.find()).isTrue();
    Method m = Class.forName(main.group(1)).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(m.getModifiers())).isTrue();
    assertThat(main.group(1)).isEqualTo(ManagedFlinkMain.class.getName());
    assertThat(bundle).contains("<exclude>org.apache.flink:*</exclude>")
        .contains("stillwater-stream-flink-${project.version}.jar")
        .contains("ServicesResourceTransformer");
  }
}
