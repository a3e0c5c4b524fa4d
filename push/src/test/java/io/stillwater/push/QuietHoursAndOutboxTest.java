package io.stillwater.push;

import static io.stillwater.push.WorkerHarness.append;
import static io.stillwater.push.WorkerHarness.drain;
import static io.stillwater.push.WorkerHarness.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.push.policy.QuietHours;
import io.stillwater.push.policy.RateLimit;
import io.stillwater.push.policy.UserTimeZones;
import io.stillwater.push.publish.EmbeddedOutbox;
import io.stillwater.push.source.EmbeddedTriggerSource;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiet hours in the user's local time (the offset the app last sent, from the prediction log) and the embedded outbox. */
class QuietHoursAndOutboxTest {

  @TempDir
  Path ws;

  @Test
  void aUserWhoseLatestRequestSaysItIsNightGetsNoPushWhileAUserWithTheDefaultOffsetDoes() throws Exception {
    // The app told the API, twice, the searcher's offset; the latest (UTC+11) wins: 12:00 UTC is 23:00 there.
    RecommendationService service = ServingFixture.live().service();
    PredictionLog log = PredictionLog.inLake(ws.resolve("lake"));
    for (var sent : List.of(new Object[] {ServingFixture.NOW.minusSeconds(7200), -300}, new Object[] {ServingFixture.NOW.minusSeconds(60), 660})) {
      var request = new RecommendationService.Request(ServingFixture.SEARCHER, List.of(Flag.FOCUS), 3, (Instant) sent[0],
          (Integer) sent[1], "home");
      log.offer(new PredictionLog.Entry((Instant) sent[0], request, service.recommend(request)));
    }
    log.close();

    UserTimeZones zones = new UserTimeZones(0, ws.resolve("lake").resolve("predictions"), Duration.ofMinutes(10));
    Clock clock = WorkerHarness.clockAtFixtureNow();
    Instant t = clock.instant().minusSeconds(1);
    append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "n-1", t),
        trigger("sleep_bounce", ServingFixture.KNOWN_USER, "sleep", "n-2", t));
    try (PushWorker worker = WorkerHarness.worker(ws, EmbeddedTriggerSource.inWorkspace(ws), EmbeddedOutbox.inWorkspace(ws),
        new RateLimit(3, Duration.ofHours(1)), QuietHours.parse("22:00-07:00", zones), zones, 3, clock)) {
      drain(worker);
      assertThat(zones.offsetMinutes(ServingFixture.SEARCHER)).isEqualTo(660);
      assertThat(worker.stats().suppressed("quiet_hours")).isEqualTo(1);
      assertThat(worker.stats().published()).isEqualTo(1);
    }
    List<PushMessage> outbox = Files.readAllLines(ws.resolve("push").resolve(EmbeddedOutbox.FILE)).stream()
        .map(PushMessage::fromJson).toList();
    assertThat(outbox).extracting(PushMessage::idempotencyKey).containsExactly("sleep_bounce:u_known:n-2");
    assertThat(outbox.get(0).items()).hasSize(5);
    List<JsonNode> suppressed = PushWorkerSqsTest.lines(ws.resolve("push").resolve(PushWorker.SUPPRESSED_FILE));
    assertThat(suppressed).singleElement().satisfies(n -> {
      assertThat(n.get("idempotency_key").asText()).isEqualTo("search:u_searcher:n-1");
      assertThat(n.get("reason").asText()).isEqualTo("quiet_hours");
      assertThat(n.get("detail").asText()).startsWith("local time 23:00").contains("(UTC+11:00)");
    });
  }

  @Test
  void aStaleTriggerAndAnUnreadableLineAreCountedNotDropped() throws Exception {
    Clock clock = WorkerHarness.clockAtFixtureNow();
    append(ws, trigger("search", ServingFixture.SEARCHER, "after_search", "old-1", clock.instant().minus(Duration.ofHours(2))));
    io.stillwater.stream.EmbeddedEventLog.open(ws.resolve("stream").resolve("triggers")).appendLines(List.of("{\"rule\": 1}"));
    append(ws, trigger("search", ServingFixture.SEARCHER, "no_such_flag", "f-1", clock.instant()));
    try (PushWorker worker = WorkerHarness.worker(ws, EmbeddedOutbox.inWorkspace(ws), new RateLimit(3, Duration.ofHours(1)), clock)) {
      drain(worker);
      PushStats s = worker.stats();
      assertThat(s.triggersRead()).isEqualTo(3);
      assertThat(s.suppressed("stale")).isEqualTo(1);
      assertThat(s.deadLettered()).isEqualTo(2);
    }
    List<JsonNode> dead = PushWorkerSqsTest.lines(ws.resolve("push").resolve(PushWorker.DEAD_LETTER_FILE));
    assertThat(dead).extracting(n -> n.get("reason").asText())
        .satisfiesExactly(r -> assertThat(r).startsWith("not a trigger record"),
            r -> assertThat(r).isEqualTo("scoring failed: unknown flag 'no_such_flag'"));
    assertThat(dead.get(0).get("raw").asText()).isEqualTo("{\"rule\": 1}");
  }
}
