package io.stillwater.pipelines.streaming.triggers;

import io.stillwater.contract.push.Trigger;
import io.stillwater.stream.EmbeddedEventLog;
import io.stillwater.stream.KinesisClients;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Writes triggers, one JSON object each ({@link Trigger#toJson}), to the sink the options name:
 *
 * <ul>
 *   <li><b>embedded</b>: an append-only {@link EmbeddedEventLog} in {@code <workspace>/stream/triggers/} (its
 *       files are {@code events.jsonl}, one trigger per line, and {@code events.idx}; the log's own layout), one
 *       atomic append per bundle. Another process reads it by byte offset:
 *       {@code EmbeddedEventLog.open(dir).reader(offset).poll(max)} then {@code Trigger.fromJson(record.line())}.</li>
 *   <li><b>sqs</b>: {@code SendMessageBatch} (10 per call) to a queue URL, the message body being
 *       {@code Trigger.toJson()}. On a FIFO queue ({@code .fifo}) the group is the user and the de-duplication id
 *       the trigger id, so SQS itself drops a re-sent trigger within its 5-minute window.</li>
 * </ul>
 *
 * A failed write is never dropped: SQS entries that fail are retried with backoff ({@value #ATTEMPTS} attempts),
 * and what still fails, like a failed append, fails the bundle, so the runner retries it (Flink restarts from its
 * last checkpoint, re-reads the events after it and fires the same trigger ids again; after its retries are used
 * up the job stops, loudly). Re-sent triggers keep their {@code trigger_id}, which the push worker de-duplicates.
 */
public final class WriteTriggers extends PTransform<PCollection<Trigger>, PDone> {

  public static final String EMBEDDED = "embedded";
  public static final String SQS = "sqs";
  static final int ATTEMPTS = 5;

  /** Where triggers go: {@link #embedded} or {@link #sqs}. */
  public record Sink(String kind, String embeddedDir, String queueUrl, String sqsEndpoint, String region)
      implements Serializable {

    /** The embedded trigger log of a workspace: {@code <workspace>/stream/triggers}. */
    public static Path embeddedDir(Path workspace) {
      return workspace.resolve("stream").resolve("triggers");
    }

    public static Sink embedded(Path dir) {
      return new Sink(EMBEDDED, dir.toAbsolutePath().toString(), null, null, null);
    }

    /** @param endpoint empty for AWS; a local server (e.g. ElasticMQ) otherwise */
    public static Sink sqs(String queueUrl, Optional<String> endpoint, String region) {
      if (queueUrl == null || queueUrl.isBlank()) {
        throw new IllegalArgumentException("--triggerQueueUrl is required with --triggerSink=sqs");
      }
      return new Sink(SQS, null, queueUrl, endpoint.filter(e -> !e.isBlank()).orElse(null), region);
    }

    @Override
    public String toString() {
      return kind.equals(EMBEDDED) ? "embedded trigger log " + embeddedDir : "SQS queue " + queueUrl
          + (sqsEndpoint == null ? "" : " at " + sqsEndpoint);
    }
  }

  private final Sink sink;

  private WriteTriggers(Sink sink) {
    this.sink = sink;
  }

  public static WriteTriggers to(Sink sink) {
    return new WriteTriggers(sink);
  }

  @Override
  public PDone expand(PCollection<Trigger> triggers) {
    DoFn<Trigger, Void> fn = switch (sink.kind()) {
      case EMBEDDED -> new AppendToLogFn(sink.embeddedDir());
      case SQS -> new SendToSqsFn(sink);
      default -> throw new IllegalArgumentException("--triggerSink must be embedded or sqs, got '" + sink.kind() + "'");
    };
    triggers.apply(sink.kind().equals(EMBEDDED) ? "AppendToTriggerLog" : "SendToSqs", ParDo.of(fn));
    return PDone.in(triggers.getPipeline());
  }

  /** One atomic append per bundle; a failed append fails the bundle. */
  static final class AppendToLogFn extends DoFn<Trigger, Void> {
    private final String dir;
    private final Counter written = Metrics.counter("stream", "triggers_written");
    private transient EmbeddedEventLog log;
    private transient List<String> pending;

    AppendToLogFn(String dir) {
      this.dir = dir;
    }

    @Setup
    public void setup() {
      log = EmbeddedEventLog.open(Path.of(dir));
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element Trigger trigger) {
      pending.add(trigger.toJson());
    }

    @FinishBundle
    public void finishBundle() {
      if (!pending.isEmpty()) {
        log.appendLines(pending);
        written.inc(pending.size());
        pending.clear();
      }
    }
  }

  /** Batches of 10 per bundle, failed entries retried with backoff, then the bundle fails. */
  static final class SendToSqsFn extends DoFn<Trigger, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SendToSqsFn.class);
    private final Sink sink;
    private final Counter written = Metrics.counter("stream", "triggers_written");
    private final Counter retried = Metrics.counter("stream", "trigger_sends_retried");
    private transient SqsClient sqs;
    private transient List<Trigger> pending;

    SendToSqsFn(Sink sink) {
      this.sink = sink;
    }

    @Setup
    public void setup() {
      Optional<URI> endpoint = Optional.ofNullable(sink.sqsEndpoint()).map(URI::create);
      var builder = SqsClient.builder()
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .region(Region.of(sink.region()))
          .credentialsProvider(KinesisClients.credentials(endpoint)); // dummies for a loopback server, else the AWS chain
      endpoint.ifPresent(builder::endpointOverride);
      sqs = builder.build();
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element Trigger trigger) {
      pending.add(trigger);
    }

    @FinishBundle
    public void finishBundle() throws InterruptedException {
      for (int from = 0; from < pending.size(); from += 10) {
        send(pending.subList(from, Math.min(from + 10, pending.size())));
      }
      pending.clear();
    }

    private void send(List<Trigger> batch) throws InterruptedException {
      boolean fifo = sink.queueUrl().endsWith(".fifo");
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Trigger t = batch.get(i);
        var entry = SendMessageBatchRequestEntry.builder().id("t" + i).messageBody(t.toJson());
        if (fifo) {
          entry.messageGroupId(t.userId()).messageDeduplicationId(dedupId(t.triggerId()));
        }
        entries.add(entry.build());
      }
      String lastError = "";
      long backoffMs = 200;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(sink.queueUrl()).entries(entries));
          written.inc(response.successful().size());
          if (!response.hasFailed() || response.failed().isEmpty()) {
            return;
          }
          List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
          lastError = response.failed().get(0).code() + ": " + response.failed().get(0).message();
          entries.removeIf(e -> !failedIds.contains(e.id()));
        } catch (SdkException e) {
          lastError = e.getMessage();
        }
        if (attempt < ATTEMPTS) {
          retried.inc(entries.size());
          LOG.warn("SQS {}: {} trigger(s) not sent ({}); retrying in {} ms", sink.queueUrl(), entries.size(), lastError, backoffMs);
          Thread.sleep(backoffMs);
          backoffMs *= 2;
        }
      }
      throw new IllegalStateException("SQS " + sink.queueUrl() + ": " + entries.size() + " trigger(s) still not sent after "
          + ATTEMPTS + " attempts (" + lastError + "); failing the bundle so the runner retries it");
    }

    /** SQS allows 128 characters; a longer trigger id is replaced by its SHA-256. */
    private static String dedupId(String triggerId) {
      if (triggerId.length() <= 128 && triggerId.chars().allMatch(c -> c >= 33 && c <= 126)) {
        return triggerId;
      }
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(triggerId.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Teardown
    public void teardown() {
      if (sqs != null) {
        sqs.close();
      }
    }
  }
}
