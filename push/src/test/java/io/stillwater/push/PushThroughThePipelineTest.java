package io.stillwater.push;

import static io.stillwater.push.WorkerHarness.drain;
import static io.stillwater.push.WorkerHarness.receiveAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.contract.event.Search;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.streaming.StoreTarget;
import io.stillwater.pipelines.streaming.StreamingPipeline;
import io.stillwater.pipelines.streaming.triggers.TriggerConfig;
import io.stillwater.pipelines.streaming.triggers.WriteTriggers;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.policy.UserTimeZones;
import io.stillwater.push.publish.PublishedLedger;
import io.stillwater.push.publish.RetryingPublisher;
import io.stillwater.push.publish.SqsPushSink;
import io.stillwater.push.source.EmbeddedTriggerSource;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import io.stillwater.sqslocal.ElasticMq;
import io.stillwater.stream.EmbeddedEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The acceptance test of issue 11: app events through the real streaming pipeline (its trigger rules, on the
 * DirectRunner) into the embedded trigger log, the push worker scoring with a live generation and model, and the
 * messages read back from ElasticMQ with the AWS SDK.
 */
class PushThroughThePipelineTest {

  @TempDir
  Path ws;

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static Instant ago(int seconds) {
    return NOW.minusSeconds(seconds);
  }

  /** The streaming transforms over {@code events} into a slot of {@code ws}, triggers to its embedded log. */
  private void stream(List<Event> events) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    StreamingPipeline.Settings s = new StreamingPipeline.Settings(StoreTarget.embedded(ws, Slot.BLUE),
        CatalogSource.shipped(), Optional.empty(), Duration.ofMinutes(10), Duration.ofSeconds(60))
        .withTriggers(TriggerConfig.bundled(), WriteTriggers.Sink.embedded(WriteTriggers.Sink.embeddedDir(ws)));
    List<String> lines = events.stream().map(EventJson::write).toList();
    StreamingPipeline.process(p.apply(Create.of(lines).withCoder(StringUtf8Coder.of())), s);
    p.run().waitUntilFinish();
  }

  private PushWorker worker(SqsPushSink sink, int maxPerUser) {
    Path pushDir = ws.resolve("push");
    Clock clock = Clock.systemUTC();
    return new PushWorker(EmbeddedTriggerSource.inWorkspace(ws), WorkerHarness.scorer(),
        new RateLimit(maxPerUser, Duration.ofHours(1)), Optional.empty(), UserTimeZones.fixed(0),
        new RetryingPublisher(sink, 3, Duration.ofMillis(20)),
        PublishedLedger.open(pushDir.resolve(PublishedLedger.FILE), Duration.ofDays(7), clock.millis()), pushDir, clock,
        PushWorker.Settings.defaults(), new PushStats(new SimpleMeterRegistry()));
  }

  @Test
  void eventsThroughTheStreamingPipelineBecomeOneMessagePerTriggerOnTheQueueAndReplaysAddNone() throws Exception {
    ContentItem sleepItem = ServingFixture.catalog().inCategory(Category.SLEEP).get(0);
    String searcher = ServingFixture.SEARCHER;
    String sleeper = ServingFixture.KNOWN_USER;
    List<Event> events = List.of(
        new Search("ev-s1", searcher, ago(30), "exam nerves"),
        new Search("ev-s2", searcher, ago(25), "focus for my exam"),
        new Search("ev-s3", searcher, ago(20), "can't concentrate"),                 // one is over the limit of 2
        new ContentStart("ev-b0", sleeper, ago(90), sleepItem.contentId(), "sess-1"),
        new ContentEnd("ev-b1", sleeper, ago(50), sleepItem.contentId(), "sess-1", 40, false), // sleep bounce
        new Biometric("ev-r1", "u_runner", ago(10), 3500, null, "watch"),              // long run, unknown user
        new ContentStart("ev-q0", "u_calm", ago(900 + 60), sleepItem.contentId(), "sess-2"),
        new ContentEnd("ev-q1", "u_calm", ago(60), sleepItem.contentId(), "sess-2", 900, true)); // no trigger

    try (ElasticMq mq = ElasticMq.start(); SqsClient sqs = WorkerHarness.sqs(mq.endpoint())) {
      String queue = mq.createQueue("pushes");
      SqsPushSink sink = new SqsPushSink(SqsClients.create(Optional.of(mq.endpoint()), "us-east-1"), queue, true);
      stream(events);
      try (PushWorker worker = worker(sink, 2)) {
        drain(worker);
        PushStats s = worker.stats();
        assertThat(s.triggersRead()).isEqualTo(5);
        assertThat(s.published()).isEqualTo(4);
        assertThat(s.suppressed("rate_limit")).isEqualTo(1);
      }

      Map<String, PushMessage> got = receiveAll(sqs, queue).stream()
          .collect(Collectors.toMap(PushMessage::idempotencyKey, m -> m));
      // Which two of the three searches got through depends on the order the runner emitted them; the third is the
      // one in the suppressed log.
      List<String> searches = List.of("search:u_searcher:ev-s1", "search:u_searcher:ev-s2", "search:u_searcher:ev-s3");
      String limited = PushWorkerSqsTest.lines(ws.resolve("push").resolve(PushWorker.SUPPRESSED_FILE)).get(0)
          .get("idempotency_key").asText();
      assertThat(searches).contains(limited);
      assertThat(got).hasSize(4).containsKeys("sleep_bounce:u_known:ev-b1", "long_run:u_runner:ev-r1")
          .containsKeys(searches.stream().filter(k -> !k.equals(limited)).toArray(String[]::new));
      assertThat(got.values()).extracting(PushMessage::rule, PushMessage::flag, PushMessage::userId).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("search", "after_search", searcher),
          org.assertj.core.groups.Tuple.tuple("search", "after_search", searcher),
          org.assertj.core.groups.Tuple.tuple("sleep_bounce", "sleep", sleeper),
          org.assertj.core.groups.Tuple.tuple("long_run", "movement", "u_runner"));
      PushMessage bounce = got.get("sleep_bounce:u_known:ev-b1");
      assertThat(bounce.reason()).isEqualTo("left sleep item " + sleepItem.contentId() + " after 40 s");
      assertThat(Instant.parse(bounce.eventTime())).isEqualTo(ago(50));
      assertThat(bounce.generation()).isEqualTo(ServingFixture.live().generation().number());
      assertThat(bounce.modelId()).isEqualTo(ServingFixture.live().modelId());
      RecommendationService service = ServingFixture.live().service();
      for (PushMessage m : got.values()) {
        Flag flag = Flag.fromWireName(m.flag()).orElseThrow();
        List<String> api = service.recommend(new RecommendationService.Request(m.userId(), List.of(flag), 5,
            Instant.parse(m.publishedAt()))).lists().get(flag).stream().map(RecommendationService.Item::contentId).toList();
        assertThat(m.items()).extracting(PushMessage.Item::contentId).as(m.idempotencyKey()).hasSize(5).isEqualTo(api);
      }
      assertThat(got.get("long_run:u_runner:ev-r1").fallbackReason()).isEqualTo("unknown user");
      assertThat(bounce.items()).extracting(PushMessage.Item::contentId).allMatch(id ->
          ServingFixture.catalog().find(id).orElseThrow().category() == Category.SLEEP);

      // Replays: the same events through the pipeline again, and the trigger log's lines re-sent as a pipeline that
      // lost its state would send them. No second message; the rate-limited one is still over the limit.
      stream(events);
      EmbeddedEventLog triggerLog = EmbeddedEventLog.open(WriteTriggers.Sink.embeddedDir(ws));
      List<String> sent;
      try (var reader = triggerLog.reader(0)) {
        sent = reader.poll(100).stream().map(r -> r.line()).toList();
      }
      assertThat(sent).hasSize(5);
      triggerLog.appendLines(sent);
      try (PushWorker worker = worker(new SqsPushSink(SqsClients.create(Optional.of(mq.endpoint()), "us-east-1"), queue, true), 2)) {
        drain(worker);
        assertThat(worker.stats().triggersRead()).isEqualTo(5);
        assertThat(worker.stats().duplicates()).isEqualTo(4);
        assertThat(worker.stats().suppressed("rate_limit")).isEqualTo(1);
        assertThat(worker.stats().published()).isZero();
      }
      assertThat(receiveAll(sqs, queue)).isEmpty();
      assertThat(Files.readAllLines(ws.resolve("push").resolve(PushWorker.SUPPRESSED_FILE)))
          .hasSize(2).allMatch(l -> l.contains("\"idempotency_key\":\"" + limited + "\"") && l.contains("rate_limit"));
    }
  }
}
