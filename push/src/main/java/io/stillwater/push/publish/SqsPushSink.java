package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Publishes to an SQS queue through the AWS SDK v2: SendMessage, or SendMessageBatch for up to 10 at once (each
 * entry accepted or failed on its own), the idempotency key also as a message attribute. On a FIFO queue (URL ending in {@code .fifo}) the key is the MessageDeduplicationId (SQS drops
 * a second send of it within 5 minutes) and the user id the MessageGroupId (a user's pushes stay in order).
 */
public final class SqsPushSink implements PushSink {

  private final SqsClient sqs;
  private final String queueUrl;
  private final boolean fifo;
  private final boolean ownsClient;

  public SqsPushSink(SqsClient sqs, String queueUrl, boolean ownsClient) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.fifo = queueUrl.endsWith(".fifo");
    this.ownsClient = ownsClient;
  }

  @Override
  public void publish(PushMessage message) {
    SendMessageRequest.Builder b = SendMessageRequest.builder()
        .queueUrl(queueUrl)
        .messageBody(message.toJson())
        .messageAttributes(attributes(message));
    if (fifo) {
      b.messageGroupId(message.userId()).messageDeduplicationId(deduplicationId(message.idempotencyKey()));
    }
    sqs.sendMessage(b.build());
  }

  @Override
  public Map<Integer, String> publishAll(List<PushMessage> messages) {
    Map<Integer, String> failed = new HashMap<>();
    for (int from = 0; from < messages.size(); from += 10) {
      int to = Math.min(messages.size(), from + 10);
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        PushMessage m = messages.get(i);
        SendMessageBatchRequestEntry.Builder e = SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(i))
            .messageBody(m.toJson())
            .messageAttributes(attributes(m));
        if (fifo) {
          e.messageGroupId(m.userId()).messageDeduplicationId(deduplicationId(m.idempotencyKey()));
        }
        entries.add(e.build());
      }
      try {
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        for (BatchResultErrorEntry e : r.failed()) {
          failed.put(Integer.parseInt(e.id()), e.code() + ": " + e.message());
        }
      } catch (RuntimeException e) {
        for (int i = from; i < to; i++) {
          failed.put(i, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    }
    return failed;
  }

  private static Map<String, MessageAttributeValue> attributes(PushMessage message) {
    return Map.of(
        "idempotency_key", MessageAttributeValue.builder().dataType("String").stringValue(message.idempotencyKey()).build(),
        "rule", MessageAttributeValue.builder().dataType("String").stringValue(message.rule()).build());
  }

  /** The key itself when it fits SQS's 128 characters, else its SHA-256 in hex. */
  static String deduplicationId(String key) {
    if (key.length() <= 128 && key.chars().allMatch(c -> c > 32 && c < 127)) {
      return key;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    return queueUrl;
  }

  @Override
  public void close() {
    if (ownsClient) {
      sqs.close();
    }
  }
}
