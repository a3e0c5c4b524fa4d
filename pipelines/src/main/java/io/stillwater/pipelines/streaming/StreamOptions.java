package io.stillwater.pipelines.streaming;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * What the streaming pipeline reads and where it writes. Runner settings (Flink's checkpointing interval, state
 * backend, bundle sizes) are the runner's own options; {@code ./stillwater stream} sets them.
 */
public interface StreamOptions extends StreamingOptions {

  @Description("Where events come from: embedded (the log under <workspace>/stream) or kinesis")
  @Default.String("embedded")
  String getSource();

  void setSource(String value);

  @Description("The feature-store slot to upsert into: blue or green")
  @Default.String("blue")
  String getSlot();

  void setSlot(String value);

  @Description("Where to start reading: LATEST, TRIM_HORIZON, an ISO-8601 time (AT_TIMESTAMP) or offset:N (embedded)")
  @Default.String("LATEST")
  String getStartAt();

  void setStartAt(String value);

  @Description("The workspace: embedded stream, embedded store, status files")
  @Default.String("workspace")
  String getWorkspace();

  void setWorkspace(String value);

  @Description("The lake root for the stream's Parquet archive (default <workspace>/lake)")
  String getLake();

  void setLake(String value);

  @Description("Kinesis stream name")
  String getKinesisStream();

  void setKinesisStream(String value);

  @Description("Kinesis endpoint override, e.g. a local kinesalite (http://127.0.0.1:4567)")
  String getKinesisEndpoint();

  void setKinesisEndpoint(String value);

  @Description("AWS region")
  @Default.String("us-east-1")
  String getAwsRegionName();

  void setAwsRegionName(String value);

  @Description("Online store backend: embedded (LMDB in the workspace) or dynamodb")
  @Default.String("embedded")
  String getStoreBackend();

  void setStoreBackend(String value);

  @Description("DynamoDB table prefix (dynamodb backend)")
  @Default.String("stillwater")
  String getTablePrefix();

  void setTablePrefix(String value);

  @Description("DynamoDB endpoint override, e.g. a local dynalite")
  String getDynamoEndpoint();

  void setDynamoEndpoint(String value);

  @Description("How long an event_id is remembered for de-duplication, in minutes of arrival time")
  @Default.Integer(10)
  int getDedupRetentionMinutes();

  void setDedupRetentionMinutes(int value);

  @Description("Length of the windows the Parquet archive is written in, in seconds")
  @Default.Integer(60)
  int getArchiveWindowSeconds();

  void setArchiveWindowSeconds(int value);

  @Description("Catalog JSON file (default: the shipped catalog)")
  String getCatalog();

  void setCatalog(String value);

  @Description("Trigger rules: a JSON config file, default (the bundled rules) or off")
  @Default.String("default")
  String getTriggers();

  void setTriggers(String value);

  @Description("Where fired triggers go: embedded (the log under <workspace>/stream/triggers) or sqs")
  @Default.String("embedded")
  String getTriggerSink();

  void setTriggerSink(String value);

  @Description("SQS queue URL for --triggerSink=sqs")
  String getTriggerQueueUrl();

  void setTriggerQueueUrl(String value);

  @Description("SQS endpoint override, e.g. a local ElasticMQ (http://127.0.0.1:9324); region from --awsRegionName")
  String getSqsEndpoint();

  void setSqsEndpoint(String value);
}
