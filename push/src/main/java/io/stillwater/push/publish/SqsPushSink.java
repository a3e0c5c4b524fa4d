package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Publishes to an SQS queue through the AWS SDK v2: one SendMessage per push, the idempotency key also as a
 * message attribute. On a FIFO queue (URL ending in {@code .fifo}) the key is the MessageDeduplicationId (SQS drops
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
        .messageAttributes(java.util.Map.of(
            "idempotency_key", MessageAttributeValue.builder().dataType("String").stringValue(message.idempotencyKey()).build(),
            "rule", MessageAttributeValue.builder().dataType("String").stringValue(message.rule()).build()));
    if (fifo) {
      b.messageGroupId(message.userId()).messageDeduplicationId(deduplicationId(message.idempotencyKey()));
    }
    sqs.sendMessage(b.build());
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
