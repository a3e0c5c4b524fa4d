package io.stillwater.serving.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.contract.catalog.Category;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blue and green hold different user histories and different models. Clients call the API without pause while
 * the live generation is promoted and rolled back several times through the admin route: no response may be
 * anything but 200, and every response must be exactly what its generation gives (its lists, its feature values).
 */
class FlipDuringTrafficTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static final String RECOMMEND = "{\"user_id\":\"" + ServingFixture.KNOWN_USER
      + "\",\"flags\":[\"for_you\",\"sleep\",\"focus\"],\"limit\":10}";
  private static final String FEATURES = "/v1/users/" + ServingFixture.KNOWN_USER + "/features";

  @Test
  void flips_and_rollbacks_during_traffic_never_fail_a_request_or_mix_generations(@TempDir Path ws) throws Exception {
    String blueModel = ServingFixture.trainModel(ws, 7L);
    String greenModel = ServingFixture.trainModel(ws, 11L);
    assertThat(greenModel).isNotEqualTo(blueModel);
    Generation blue = ServingFixture.loadLiveGeneration(ws, blueModel);
    Generation green = ServingFixture.loadGeneration(ws, Slot.GREEN, greenModel, Category.SLEEP);

    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws),
            Duration.ofMillis(20));
        ModelCache models = new ModelCache(ws.resolve("models"));
        TestServer s = new TestServer(ws, reader, models, CLOCK, Optional.of(TestServer.ADMIN_TOKEN))) {
      // What each generation answers, recorded while it is the only one live.
      Map<Integer, JsonNode> lists = new ConcurrentHashMap<>();
      Map<Integer, JsonNode> features = new ConcurrentHashMap<>();
      lists.put(blue.number(), s.recommend(RECOMMEND).body().get("recommendations"));
      features.put(blue.number(), s.admin("GET", FEATURES).body().get("features"));
      assertThat(s.admin("POST", "/v1/generations/green/promote").status()).isEqualTo(200);
      s.awaitServing(green.number(), Duration.ofSeconds(20));
      lists.put(green.number(), s.recommend(RECOMMEND).body().get("recommendations"));
      features.put(green.number(), s.admin("GET", FEATURES).body().get("features"));
      assertThat(lists.get(green.number())).as("the generations must answer differently for the test to mean anything")
          .isNotEqualTo(lists.get(blue.number()));
      assertThat(features.get(green.number())).isNotEqualTo(features.get(blue.number()));

      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      Map<Integer, AtomicInteger> served = Map.of(blue.number(), new AtomicInteger(), green.number(), new AtomicInteger());
      ExecutorService clients = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new CopyOnWriteArrayList<>();
      for (int c = 0; c < 3; c++) {
        boolean featureClient = c == 2;
        running.add(clients.submit(() -> {
          while (!stop.get()) {
            try {
              TestServer.Reply r = featureClient ? s.admin("GET", FEATURES) : s.recommend(RECOMMEND);
              if (r.status() != 200) {
                problems.add(r.status() + " " + r.text());
                continue;
              }
              JsonNode b = r.body();
              int g = b.get("generation").asInt();
              JsonNode expected = featureClient ? features.get(g) : lists.get(g);
              JsonNode got = featureClient ? b.get("features") : b.get("recommendations");
              if (expected == null || !expected.equals(got)) {
                problems.add("generation " + g + " answered with another generation's values: " + got);
              }
              served.get(g).incrementAndGet();
            } catch (Exception e) {
              problems.add(e.toString());
            }
          }
          return null;
        }));
      }
      // Six flips: rollback alternates between the two generations; wait until each is served to some clients.
      int live = green.number();
      for (int flip = 0; flip < 6; flip++) {
        Slot back = live == green.number() ? Slot.BLUE : Slot.GREEN;
        TestServer.Reply r = s.admin("POST", "/v1/generations/" + back.wireName() + "/rollback");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        live = r.body().get("live").asInt();
        s.awaitServing(live, Duration.ofSeconds(20));
        AtomicInteger servedNow = served.get(live);
        int before = servedNow.get();
        Awaitility.await("20 responses from generation " + live).atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(10)).until(() -> servedNow.get() >= before + 20);
      }
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      clients.shutdown();

      assertThat(problems).isEmpty();
      assertThat(served.get(blue.number()).get()).isGreaterThan(40);
      assertThat(served.get(green.number()).get()).isGreaterThan(40);
    }
  }
}
