package io.stillwater.push.source;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Triggers from an SQS queue (body = {@code Trigger.toJson()}): long-polling receives of up to 10, a delete per
 * handled message. A failed one is left on the queue: SQS redelivers it after the visibility timeout and moves it
 * to the queue's dead-letter queue after maxReceiveCount (the redrive policy Terraform sets).
 */
public final class SqsTriggerSource implements TriggerSource {

  private final SqsClient sqs;
  private final String queueUrl;
  private final boolean ownsClient;

  public SqsTriggerSource(SqsClient sqs, String queueUrl, boolean ownsClient) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.ownsClient = ownsClient;
  }

  @Override
  public List<Received> poll(Duration wait) {
    int seconds = (int) Math.min(20, Math.max(0, wait.toSeconds()));
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
        .waitTimeSeconds(seconds)).messages();
    return messages.stream().map(m -> new Received(m.body(), m.receiptHandle())).toList();
  }

  @Override
  public void done(Received r) {
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle((String) r.handle()));
  }

  @Override
  public void failed(Received r) {
    // left undeleted on purpose: SQS redelivers it, then dead-letters it by the queue's redrive policy
  }

  @Override
  public void commit() {
    // each delete is durable on its own
  }

  @Override
  public void close() {
    if (ownsClient) {
      sqs.close();
    }
  }
}
