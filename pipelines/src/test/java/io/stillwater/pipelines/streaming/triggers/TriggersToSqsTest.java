package io.stillwater.pipelines.streaming.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.contract.push.Trigger;
import io.stillwater.sqslocal.ElasticMq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS trigger sink against ElasticMQ (sqs-local, in its own process). */
class TriggersToSqsTest {

  static ElasticMq mq;
  static SqsClient sqs;

  @BeforeAll
  static void start() throws Exception {
    mq = ElasticMq.start();
    sqs = SqsClient.builder().endpointOverride(mq.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  @AfterAll
  static void stop() {
    if (sqs != null) {
      sqs.close();
    }
    if (mq != null) {
      mq.close();
    }
  }

  private static void write(List<Trigger> triggers, String queueUrl) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(triggers).withCoder(TriggerCoder.of()))
        .apply(WriteTriggers.to(WriteTriggers.Sink.sqs(queueUrl, Optional.of(mq.endpoint().toString()), "us-east-1")));
    p.run().waitUntilFinish();
  }

  private static List<Message> receiveAll(String queueUrl) {
    List<Message> out = new ArrayList<>();
    for (int empty = 0; empty < 2; ) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
      empty = got.isEmpty() ? empty + 1 : 0;
      out.addAll(got);
    }
    return out;
  }

  private static List<Trigger> triggers(int n) {
    List<Trigger> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Trigger(null, "search", "u" + i % 3, "after_search", "searched \"q" + i + "\"", "e" + i, 1_000L + i, 2_000L + i));
    }
    return out;
  }

  @Test
  void every_trigger_becomes_one_message_whose_body_is_its_json() throws Exception {
    String url = mq.createQueue("triggers");
    List<Trigger> sent = triggers(23); // three batches

    write(sent, url);

    List<Message> received = receiveAll(url);
    assertThat(received).extracting(Message::body).containsExactlyInAnyOrderElementsOf(sent.stream().map(Trigger::toJson).toList());
    assertThat(received.stream().map(m -> Trigger.fromJson(m.body())).toList()).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void a_fifo_queue_drops_a_trigger_sent_again_by_its_trigger_id() throws Exception {
    String url = mq.createQueue("triggers.fifo", Map.of("FifoQueue", "true"));
    List<Trigger> sent = triggers(4);

    write(sent, url);
    write(sent.subList(0, 2), url); // a replay from a checkpoint re-sends the same trigger ids

    assertThat(receiveAll(url)).extracting(m -> Trigger.fromJson(m.body()).triggerId())
        .containsExactlyInAnyOrder("search:u0:e0", "search:u1:e1", "search:u2:e2", "search:u0:e3");
  }

  @Test
  void a_queue_that_cannot_be_written_fails_the_pipeline_instead_of_dropping_triggers() {
    String missing = mq.endpoint() + "/000000000000/no-such-queue";

    assertThatThrownBy(() -> write(triggers(2), missing))
        .hasStackTraceContaining("trigger(s) still not sent after 5 attempts");
  }
}
