package io.stillwater.push;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stillwater.contract.push.Trigger;
import io.stillwater.push.policy.QuietHours;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.policy.UserTimeZones;
import io.stillwater.push.publish.PublishedLedger;
import io.stillwater.push.publish.PushSink;
import io.stillwater.push.publish.RetryingPublisher;
import io.stillwater.push.source.EmbeddedTriggerSource;
import io.stillwater.push.source.TriggerSource;
import io.stillwater.serving.ServingFixture;
import io.stillwater.stream.EmbeddedEventLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Builds workers over the serving fixture's live generation, and reads queues, for the push tests. */
final class WorkerHarness {

  /** A clock ticking from the fixture's NOW (its feature states are built around it). */
  static Clock clockAtFixtureNow() {
    return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), ServingFixture.NOW));
  }

  static LiveScorer scorer() {
    ServingFixture.Live f = ServingFixture.live();
    return new LiveScorer(f.service(), f.serving());
  }

  static PushWorker worker(Path ws, TriggerSource source, PushSink sink, RateLimit rateLimit, Optional<QuietHours> quiet,
      UserTimeZones zones, int attempts, Clock clock) {
    Path pushDir = ws.resolve("push");
    return new PushWorker(source, scorer(), rateLimit, quiet, zones,
        new RetryingPublisher(sink, attempts, Duration.ofMillis(20), Duration.ofMillis(100), d -> Thread.sleep(d.toMillis())),
        PublishedLedger.open(pushDir.resolve(PublishedLedger.FILE), Duration.ofDays(7), clock.millis()), pushDir, clock,
        PushWorker.Settings.defaults(), new PushStats(new SimpleMeterRegistry()));
  }

  static PushWorker worker(Path ws, PushSink sink, RateLimit rateLimit, Clock clock) {
    return worker(ws, EmbeddedTriggerSource.inWorkspace(ws), sink, rateLimit, Optional.empty(), UserTimeZones.fixed(0), 3,
        clock);
  }

  /** Runs the worker until a poll finds nothing new. */
  static void drain(PushWorker worker) throws InterruptedException {
    while (worker.runOnce(Duration.ofMillis(200)) > 0) {
      // keep going
    }
  }

  static Trigger trigger(String rule, String user, String flag, String eventId, Instant eventTime) {
    return new Trigger(null, rule, user, flag, "test: " + rule, eventId, eventTime.toEpochMilli(), eventTime.toEpochMilli() + 50);
  }

  static void append(Path ws, Trigger... triggers) {
    List<String> lines = new ArrayList<>();
    for (Trigger t : triggers) {
      lines.add(t.toJson());
    }
    EmbeddedEventLog.open(ws.resolve("stream").resolve("triggers")).appendLines(lines);
  }

  static SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Every message on the queue now (received and deleted), parsed. */
  static List<PushMessage> receiveAll(SqsClient sqs, String queueUrl) {
    List<PushMessage> out = new ArrayList<>();
    while (true) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
      if (got.isEmpty()) {
        return out;
      }
      for (Message m : got) {
        out.add(PushMessage.fromJson(m.body()));
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  private WorkerHarness() {}
}
