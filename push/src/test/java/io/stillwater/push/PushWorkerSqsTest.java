package io.stillwater.push;

import static io.stillwater.push.WorkerHarness.append;
import static io.stillwater.push.WorkerHarness.drain;
import static io.stillwater.push.WorkerHarness.receiveAll;
import static io.stillwater.push.WorkerHarness.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.push.Trigger;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.publish.SqsPushSink;
import io.stillwater.push.source.EmbeddedTriggerSource;
import io.stillwater.push.source.SqsTriggerSource;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import io.stillwater.sqslocal.ElasticMq;
import io.stillwater.push.policy.UserTimeZones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The worker against ElasticMQ, reading triggers from the embedded trigger log (and from an SQS queue). */
class PushWorkerSqsTest {

  private static ElasticMq mq;
  private static SqsClient sqs;

  @TempDir
  Path ws;

  @BeforeAll
  static void startElasticMq() throws Exception {
    mq = ElasticMq.start();
    sqs = WorkerHarness.sqs(mq.endpoint());
  }

  @AfterAll
  static void stopElasticMq() {
    if (sqs != null) {
      sqs.close();
    }
    if (mq != null) {
      mq.stop();
    }
  }

  private SqsPushSink sink(String queueUrl) {
    return new SqsPushSink(SqsClients.create(Optional.of(mq.endpoint()), "us-east-1"), queueUrl, true);
  }

  @Test
  void eachTriggerBecomesOneMessageWithItsRuleFlagAndTheApisRankedItems() throws Exception {
    String queue = mq.createQueue("pushes-cases");
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(2);
    Trigger search = trigger("search", ServingFixture.SEARCHER, "after_search", "e-1", t);
    Trigger bounce = trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "e-2", t);
    Trigger stranger = trigger("long_run", "u_nobody", "movement", "e-3", t);
    append(ws, search, bounce, stranger);

    try (PushWorker worker = WorkerHarness.worker(ws, sink(queue), new RateLimit(3, Duration.ofHours(1)), clock)) {
      drain(worker);
      assertThat(worker.stats().published()).isEqualTo(3);
    }
    Map<String, PushMessage> byKey = receiveAll(sqs, queue).stream()
        .collect(Collectors.toMap(PushMessage::idempotencyKey, m -> m));

    assertThat(byKey).containsOnlyKeys("search:u_searcher:e-1", "sleep_bounce:u_known:e-2", "long_run:u_nobody:e-3");
    RecommendationService service = ServingFixture.live().service();
    for (Trigger tr : List.of(search, bounce, stranger)) {
      PushMessage m = byKey.get(tr.triggerId());
      assertThat(m.userId()).isEqualTo(tr.userId());
      assertThat(m.rule()).isEqualTo(tr.rule());
      assertThat(m.flag()).isEqualTo(tr.flag());
      assertThat(m.reason()).isEqualTo("test: " + tr.rule());
      assertThat(m.eventId()).isEqualTo(tr.eventId());
      assertThat(Instant.parse(m.eventTime()).toEpochMilli()).isEqualTo(tr.eventTimeMs());
      assertThat(Instant.parse(m.publishedAt())).isAfterOrEqualTo(Instant.parse(m.eventTime()));
      assertThat(m.generation()).isEqualTo(ServingFixture.live().generation().number());
      assertThat(m.modelId()).isEqualTo(ServingFixture.live().modelId());
      // the API's own ranking for this user and flag, now
      Flag flag = Flag.fromWireName(tr.flag()).orElseThrow();
      List<String> api = service.recommend(new RecommendationService.Request(tr.userId(), List.of(flag), 5,
          Instant.parse(m.publishedAt()))).lists().get(flag).stream().map(RecommendationService.Item::contentId).toList();
      assertThat(m.items()).extracting(PushMessage.Item::contentId).hasSize(5).isEqualTo(api);
    }
    Set<String> sleepItems = ServingFixture.catalog().inCategory(Category.SLEEP).stream()
        .map(i -> i.contentId()).collect(Collectors.toSet());
    assertThat(byKey.get(bounce.triggerId()).items()).extracting(PushMessage.Item::contentId).allMatch(sleepItems::contains);
    assertThat(byKey.get(bounce.triggerId()).fallback()).isFalse();
    assertThat(byKey.get(stranger.triggerId()).fallback()).isTrue();
    assertThat(byKey.get(stranger.triggerId()).fallbackReason()).isEqualTo("unknown user");
  }

  @Test
  void replayedTriggersGiveNoSecondMessageEvenAfterARestart() throws Exception {
    String queue = mq.createQueue("pushes-replay");
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(1);
    Trigger a = trigger("search", ServingFixture.SEARCHER, "after_search", "r-1", t);
    Trigger b = trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "r-2", t);
    append(ws, a, b);
    try (PushWorker worker = WorkerHarness.worker(ws, sink(queue), new RateLimit(10, Duration.ofHours(1)), clock)) {
      drain(worker);
      append(ws, a, b); // the same events replayed through the pipeline give the same trigger ids
      drain(worker);
      assertThat(worker.stats().published()).isEqualTo(2);
      assertThat(worker.stats().duplicates()).isEqualTo(2);
    }
    // a new worker process on the same workspace: resumes after the committed offset, and the ledger still knows the keys
    append(ws, a, b);
    Files.delete(ws.resolve("push").resolve(EmbeddedTriggerSource.OFFSET_FILE)); // even re-reading the whole log
    try (PushWorker worker = WorkerHarness.worker(ws, sink(queue), new RateLimit(10, Duration.ofHours(1)), clock)) {
      drain(worker);
      assertThat(worker.stats().triggersRead()).isEqualTo(6);
      assertThat(worker.stats().duplicates()).isEqualTo(6);
      assertThat(worker.stats().published()).isZero();
    }
    assertThat(receiveAll(sqs, queue)).extracting(PushMessage::idempotencyKey)
        .containsExactlyInAnyOrder(a.triggerId(), b.triggerId());
  }

  @Test
  void theRateLimitHoldsAndSuppressedPushesAreCountedAndLogged() throws Exception {
    String queue = mq.createQueue("pushes-rate");
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(1);
    for (int i = 0; i < 5; i++) {
      append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "s-" + i, t.plusMillis(i)));
    }
    append(ws, trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "k-1", t));
    try (PushWorker worker = WorkerHarness.worker(ws, sink(queue), new RateLimit(2, Duration.ofHours(1)), clock)) {
      drain(worker);
      assertThat(worker.stats().published()).isEqualTo(3);
      assertThat(worker.stats().suppressed("rate_limit")).isEqualTo(3);
      assertThat(worker.stats().triggersRead()).isEqualTo(6);
    }
    List<PushMessage> got = receiveAll(sqs, queue);
    assertThat(got).filteredOn(m -> m.userId().equals(ServingFixture.SEARCHER)).extracting(PushMessage::idempotencyKey)
        .containsExactlyInAnyOrder("search:u_searcher:s-0", "search:u_searcher:s-1");
    assertThat(got).filteredOn(m -> m.userId().equals(ServingFixture.KNOWN_USER)).hasSize(1);
    List<JsonNode> suppressed = lines(ws.resolve("push").resolve(PushWorker.SUPPRESSED_FILE));
    assertThat(suppressed).extracting(n -> n.get("idempotency_key").asText())
        .containsExactly("search:u_searcher:s-2", "search:u_searcher:s-3", "search:u_searcher:s-4");
    assertThat(suppressed).allSatisfy(n -> assertThat(n.get("reason").asText()).isEqualTo("rate_limit"));

    // the limit survives a restart: the ledger's recent pushes count
    append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "s-9", clock.instant()));
    try (PushWorker worker = WorkerHarness.worker(ws, sink(queue), new RateLimit(2, Duration.ofHours(1)), clock)) {
      drain(worker);
      assertThat(worker.stats().suppressed("rate_limit")).isEqualTo(1);
    }
    JsonNode status = new ObjectMapper().readTree(ws.resolve("push").resolve(PushStats.STATUS_FILE).toFile());
    assertThat(status.get("suppressed").get("rate_limit").asLong()).isEqualTo(1);
    assertThat(receiveAll(sqs, queue)).isEmpty();
  }

  @Test
  void anUnavailableQueueIsRetriedThenDeadLetteredWithTheReasonAndNothingIsLost() throws Exception {
    ElasticMq own = ElasticMq.start();
    String queue = own.createQueue("pushes-down");
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(1);
    append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "d-1", t));
    SqsPushSink sink = new SqsPushSink(SqsClients.create(Optional.of(own.endpoint()), "us-east-1"), queue, true);
    try (PushWorker worker = WorkerHarness.worker(ws, sink, new RateLimit(10, Duration.ofHours(1)), clock)) {
      drain(worker);
      assertThat(worker.stats().published()).isEqualTo(1);

      own.stop(); // the queue's endpoint is gone
      append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "d-2", t),
          trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "d-3", t));
      drain(worker);

      PushStats s = worker.stats();
      assertThat(s.deadLettered()).isEqualTo(2);
      assertThat(s.triggersRead()).isEqualTo(s.published() + s.duplicates() + s.suppressedTotal() + s.deadLettered());
      worker.writeStatusIfDue(true);
      JsonNode status = new ObjectMapper().readTree(ws.resolve("push").resolve(PushStats.STATUS_FILE).toFile());
      assertThat(status.get("publish_retries").asLong()).isEqualTo(4); // 3 attempts each: 2 retries per message
    }
    List<JsonNode> dead = lines(ws.resolve("push").resolve(PushWorker.DEAD_LETTER_FILE));
    assertThat(dead).extracting(n -> n.get("idempotency_key").asText())
        .containsExactly("search:u_searcher:d-2", "sleep_bounce:u_known:d-3");
    assertThat(dead).allSatisfy(n -> {
      assertThat(n.get("attempts").asInt()).isEqualTo(3);
      assertThat(n.get("reason").asText()).startsWith("publish failed after 3 attempts: ");
      // the whole scored message is kept, ready to be re-sent
      assertThat(n.get("payload").get("items").size()).isEqualTo(5);
    });
  }

  @Test
  void aTriggerFromSqsThatCannotBePublishedStaysOnItsQueueUntilSqsDeadLettersIt() throws Exception {
    String triggersDlq = mq.createQueue("triggers-dlq");
    String triggers = mq.createQueue("triggers", Map.of("VisibilityTimeout", "1",
        "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + ElasticMq.arn("triggers-dlq") + "\",\"maxReceiveCount\":\"2\"}"));
    String pushes = mq.createQueue("pushes-from-sqs");
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(1);
    Trigger ok = trigger("search", ServingFixture.SEARCHER, "after_search", "q-1", t);
    sqs.sendMessage(b -> b.queueUrl(triggers).messageBody(ok.toJson()));

    SqsTriggerSource source = new SqsTriggerSource(SqsClients.create(Optional.of(mq.endpoint()), "us-east-1"), triggers, true);
    try (PushWorker worker = WorkerHarness.worker(ws, source, sink(pushes), new RateLimit(10, Duration.ofHours(1)),
        Optional.empty(), UserTimeZones.fixed(0), 2, clock)) {
      drain(worker);
      assertThat(receiveAll(sqs, pushes)).extracting(PushMessage::idempotencyKey).containsExactly(ok.triggerId());
      assertThat(sqs.receiveMessage(b -> b.queueUrl(triggers).waitTimeSeconds(1)).messages()).isEmpty(); // deleted

      // now the push queue is gone: the trigger is not deleted, so SQS redelivers it, then moves it to the DLQ
      sqs.deleteQueue(b -> b.queueUrl(pushes));
      Trigger failing = trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "q-2", t);
      sqs.sendMessage(b -> b.queueUrl(triggers).messageBody(failing.toJson()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<String> inDlq = List.of();
      while (inDlq.isEmpty() && System.nanoTime() < deadline) {
        worker.runOnce(Duration.ofSeconds(1));
        inDlq = sqs.receiveMessage(b -> b.queueUrl(triggersDlq).waitTimeSeconds(0)).messages().stream()
            .map(m -> m.body()).toList();
      }
      assertThat(inDlq).extracting(body -> Trigger.fromJson(body).triggerId()).containsExactly(failing.triggerId());
      assertThat(worker.stats().deadLettered()).isEqualTo(2); // once per delivery
    }
  }

  static List<JsonNode> lines(Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }
}
