package io.stillwater.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Appends events to a Kinesis stream with PutRecords: one JSON event per record, partition key {@code user_id}
 * (so one user's events share a shard and keep their order), at most 500 records and 5 MB per request.
 * Records a partial failure rejected (throttling, an internal error) are sent again with backoff, up to
 * {@code maxAttempts}; then the batch fails with {@link EventSinkException}.
 *
 * <p>A retried record lands after records of the same request that succeeded, so one user's events can end up
 * out of order after a partial failure. The feature arithmetic does not depend on arrival order (see
 * {@code EntityFacts}), and the pipeline de-duplicates by {@code event_id}, so neither changes a feature.
 */
public final class KinesisEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisEventSink.class);
  static final int MAX_RECORDS = 500;
  static final long MAX_REQUEST_BYTES = 5L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KinesisClient client;
  private final String stream;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final boolean ownsClient;

  private KinesisEventSink(KinesisClient client, String stream, int maxAttempts, Duration firstBackoff, boolean ownsClient) {
    if (stream == null || stream.isBlank()) {
      throw new IllegalArgumentException("a Kinesis stream name is required");
    }
    this.client = client;
    this.stream = stream;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.ownsClient = ownsClient;
  }

  /** A sink that uses (and closes) a client built by {@link KinesisClients}. */
  public static KinesisEventSink create(KinesisClient client, String stream) {
    return new KinesisEventSink(client, stream, 8, Duration.ofMillis(50), true);
  }

  /** A sink over a client the caller keeps and closes. */
  public static KinesisEventSink using(KinesisClient client, String stream) {
    return new KinesisEventSink(client, stream, 8, Duration.ofMillis(50), false);
  }

  public String stream() {
    return stream;
  }

  @Override
  public void append(List<? extends Event> events) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>(events.size());
    for (Event e : events) {
      entries.add(entry(e.userId(), EventJson.write(e)));
    }
    put(entries);
  }

  /**
   * Appends raw lines (possibly invalid: the simulator's faults); the partition key is the line's
   * {@code user_id} when it has one, else a fixed key.
   */
  public void appendLines(List<String> lines) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>(lines.size());
    for (String line : lines) {
      entries.add(entry(partitionKeyOf(line), line));
    }
    put(entries);
  }

  static String partitionKeyOf(String line) {
    try {
      JsonNode user = JSON.readTree(line).get("user_id");
      if (user != null && user.isTextual() && !user.asText().isEmpty() && user.asText().length() <= 256) {
        return user.asText();
      }
    } catch (Exception notJson) {
      // a malformed record still goes to the stream: the pipeline dead-letters it with the reason
    }
    return "_unkeyed";
  }

  private static PutRecordsRequestEntry entry(String key, String json) {
    return PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromString(json, StandardCharsets.UTF_8)).build();
  }

  private void put(List<PutRecordsRequestEntry> entries) {
    List<PutRecordsRequestEntry> chunk = new ArrayList<>();
    long bytes = 0;
    for (PutRecordsRequestEntry e : entries) {
      long size = e.data().asByteArrayUnsafe().length + e.partitionKey().length();
      if (!chunk.isEmpty() && (chunk.size() == MAX_RECORDS || bytes + size > MAX_REQUEST_BYTES)) {
        putWithRetries(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(e);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      putWithRetries(chunk);
    }
  }

  private void putWithRetries(List<PutRecordsRequestEntry> chunk) {
    List<PutRecordsRequestEntry> pending = chunk;
    String lastError = "";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        PutRecordsResponse response = client.putRecords(PutRecordsRequest.builder().streamName(stream).records(pending).build());
        if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
          return;
        }
        List<PutRecordsRequestEntry> failed = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < results.size(); i++) {
          if (results.get(i).errorCode() != null) {
            failed.add(pending.get(i));
            lastError = results.get(i).errorCode() + ": " + results.get(i).errorMessage();
          }
        }
        LOG.debug("PutRecords to {}: {} of {} records failed ({}), attempt {}", stream, failed.size(), pending.size(), lastError, attempt);
        pending = failed;
      } catch (SdkException e) {
        lastError = e.getMessage();
        LOG.debug("PutRecords to {} failed (attempt {}): {}", stream, attempt, lastError);
      }
      if (attempt < maxAttempts) {
        pause(firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 6)));
      }
    }
    throw new EventSinkException(pending.size() + " records could not be put to Kinesis stream " + stream + " after "
        + maxAttempts + " attempts: " + lastError);
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis()); // backoff between retries, not a timing assumption
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventSinkException("interrupted while retrying PutRecords", e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "Kinesis stream " + stream;
  }
}
