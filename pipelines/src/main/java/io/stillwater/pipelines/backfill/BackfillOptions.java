package io.stillwater.pipelines.backfill;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * The backfill's own pipeline options, beside the runner's ({@code --runner=SparkRunner --sparkMaster=local[2]}
 * by default from {@link BackfillPipeline#main}; {@code --runner=DirectRunner} in tests).
 */
public interface BackfillOptions extends PipelineOptions, S3Options {

  @Description("Raw events: a directory (every *.jsonl and *.jsonl.gz under it), a glob, or one file; local or s3://.")
  @Validation.Required
  String getEvents();

  void setEvents(String value);

  @Description("Watermark: events with ts before it are archived (and featurized); an ISO-8601 instant such as "
      + "2026-11-28T06:00:00Z, a date meaning midnight UTC, or now. Later events are counted as after_until and left out.")
  @Validation.Required
  String getUntil();

  void setUntil(String value);

  @Description("Lake root, local or s3://: tables go to <lake>/events/, <lake>/dead_letter/, …; manifests to "
      + "<lake>/manifests/. The backfill replaces the tables it writes.")
  @Default.String("workspace/lake")
  String getLake();

  void setLake(String value);

  @Description("A content catalog (JSON file) replacing the shipped one; events naming other content are dead letters.")
  String getCatalog();

  void setCatalog(String value);

  @Description("The run's start time (ISO-8601 instant): the receiver's clock for future-timestamp checks and the "
      + "dead letters' received_at. Default: now. Fix it to make two runs byte-for-byte comparable.")
  String getStartedAt();

  void setStartedAt(String value);

  @Description("Parquet files per date partition of each table.")
  @Default.Integer(1)
  int getShardsPerDate();

  void setShardsPerDate(int value);

  @Description("Buckets event ids are spread over for de-duplication (memory holds one bucket's events at a time); "
      + "0 picks one per 4 MB of input, at least 16.")
  @Default.Integer(0)
  int getDedupBuckets();

  void setDedupBuckets(int value);

  @Description("Also read the streaming pipeline's Parquet archive of accepted events (e.g. <lake>/stream_events, "
      + "local or s3://) as input beside --events; an event in both counts once. Default: none. On AWS this is how "
      + "events that came through Kinesis reach a backfill.")
  String getStreamArchive();

  void setStreamArchive(String value);
}
