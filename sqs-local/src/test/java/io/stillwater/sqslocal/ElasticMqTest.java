package io.stillwater.sqslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ElasticMqTest {

  private static SqsClient client(ElasticMq mq) {
    return SqsClient.builder()
        .endpointOverride(mq.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void aMessageSentWithTheAwsSdkIsReceivedFromTheCreatedQueue() throws Exception {
    try (ElasticMq mq = ElasticMq.start(); SqsClient sqs = client(mq)) {
      assertThat(mq.endpoint().getHost()).isEqualTo("127.0.0.1");
      String url = mq.createQueue("pushes");
      assertThat(url).isEqualTo("http://127.0.0.1:" + mq.port() + "/000000000000/pushes");

      sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"user_id\":\"u_1\"}"));
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10)).messages();

      assertThat(got).extracting(Message::body).containsExactly("{\"user_id\":\"u_1\"}");
    }
  }

  @Test
  void aQueueCreatedWithARedrivePolicyMovesAMessageToItsDeadLetterQueueAfterMaxReceives() throws Exception {
    try (ElasticMq mq = ElasticMq.start(); SqsClient sqs = client(mq)) {
      String dlq = mq.createQueue("triggers-dlq");
      String url = mq.createQueue("triggers", Map.of(
          "VisibilityTimeout", "1",
          "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + ElasticMq.arn("triggers-dlq") + "\",\"maxReceiveCount\":\"1\"}"));
      assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
          .attributes().get(QueueAttributeName.REDRIVE_POLICY)).contains("triggers-dlq");

      sqs.sendMessage(b -> b.queueUrl(url).messageBody("never deleted"));
      assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages()).hasSize(1);
      // Not deleted: once its 1 s visibility timeout passes, the next receive moves it to the dead-letter queue.
      // Waits on that condition (long polls) with a deadline instead of a fixed pause.
      List<Message> deadLettered = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (deadLettered.isEmpty() && System.nanoTime() < deadline) {
        sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1));
        deadLettered = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages();
      }
      assertThat(deadLettered).extracting(Message::body).containsExactly("never deleted");
    }
  }

  @Test
  void aStoppedServerRefusesRequestsAndOneStartedOnTheSamePortServesAgain() throws Exception {
    ElasticMq first = ElasticMq.start();
    int port = first.port();
    first.stop();
    assertThat(first.isRunning()).isFalse();
    try (SqsClient sqs = client(first)) {
      assertThatThrownBy(() -> sqs.listQueues()).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }
    try (ElasticMq again = ElasticMq.start(port); SqsClient sqs = client(again)) {
      String url = again.createQueue("back");
      assertThat(sqs.listQueues().queueUrls()).containsExactly(url);
    }
  }
}
