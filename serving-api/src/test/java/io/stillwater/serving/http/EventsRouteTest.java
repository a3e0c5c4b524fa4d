package io.stillwater.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.contract.event.EventJson;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.ingest.EventIngest;
import io.stillwater.stream.EmbeddedLogReader;
import io.stillwater.stream.LogRecord;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/events} over HTTP: good events reach the embedded stream; bad ones come back with index and reason. */
class EventsRouteTest {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.overFixture(CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String search(String id, String ts) {
    return "{\"event_id\":\"" + id + "\",\"user_id\":\"u_ev\",\"type\":\"search\",\"ts\":\"" + ts
        + "\",\"query\":\"preparing for my exams\"}";
  }

  /** Event ids appended to the stream since {@code offset}. */
  private static List<String> idsInStream(long offset) {
    List<String> ids = new ArrayList<>();
    try (EmbeddedLogReader r = server.events.reader(offset)) {
      for (LogRecord rec : r.poll(10_000)) {
        ids.add(EventJson.read(rec.line()).eventId());
      }
    }
    return ids;
  }

  @Test
  void one_good_event_is_accepted_and_lands_in_the_stream() throws Exception {
    long before = server.events.committedEnd();
    TestServer.Reply r = server.post("/v1/events", search("ev-one", "2026-11-20T11:59:00Z"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().get("accepted").asInt()).isEqualTo(1);
    assertThat(r.body().has("errors")).isFalse();
    assertThat(idsInStream(before)).containsExactly("ev-one");
  }

  @Test
  void a_mixed_batch_is_207_naming_each_bad_event_and_keeps_the_good_ones_in_order() throws Exception {
    long before = server.events.committedEnd();
    String batch = "[" + search("ev-a", "2026-11-20T11:58:00Z") + ","
        + "{\"event_id\":\"ev-b\",\"user_id\":\"u_ev\",\"type\":\"biometric\",\"ts\":\"2026-11-20T11:58:00Z\","
        + "\"steps\":10,\"heart_rate_bpm\":900,\"source\":\"watch\"},"
        + search("ev-c", "2026-11-20T11:59:30Z") + ","
        + search("ev-d", "2026-11-21T12:00:00Z") + ","   // a day in the future
        + "\"not an object\"]";
    TestServer.Reply r = server.post("/v1/events", batch);
    assertThat(r.status()).isEqualTo(207);
    JsonNode b = r.body();
    assertThat(b.get("accepted").asInt()).isEqualTo(2);
    assertThat(b.get("errors")).hasSize(3);
    assertThat(b.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(b.get("errors").get(0).get("field").asText()).isEqualTo("heart_rate_bpm");
    assertThat(b.get("errors").get(1).get("index").asInt()).isEqualTo(3);
    assertThat(b.get("errors").get(1).get("field").asText()).isEqualTo("ts");
    assertThat(b.get("errors").get(1).get("reason").asText()).contains("future");
    assertThat(b.get("errors").get(2).get("index").asInt()).isEqualTo(4);
    assertThat(b.get("errors").get(2).get("field").isNull()).isTrue();
    assertThat(idsInStream(before)).containsExactly("ev-a", "ev-c");
  }

  @Test
  void an_all_bad_batch_is_400_and_nothing_is_appended() throws Exception {
    long before = server.events.committedEnd();
    TestServer.Reply r = server.post("/v1/events",
        "[{\"event_id\":\"x\",\"type\":\"search\"},{\"event_id\":\"y\",\"user_id\":\"u\",\"type\":\"content_start\","
            + "\"ts\":\"2026-11-20T11:00:00Z\",\"content_id\":\"no-such-content\",\"session_id\":\"s\"}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("accepted").asInt()).isZero();
    assertThat(r.body().get("errors")).extracting(e -> e.get("index").asInt()).containsExactly(0, 1);
    assertThat(r.body().get("errors").get(1).get("field").asText()).isEqualTo("content_id");
    assertThat(server.events.committedEnd()).isEqualTo(before);
  }

  @Test
  void batches_are_limited_and_must_be_json_events() throws Exception {
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i <= EventIngest.MAX_BATCH; i++) {
      big.append(i == 0 ? "" : ",").append(search("big-" + i, "2026-11-20T11:00:00Z"));
    }
    TestServer.Reply tooMany = server.post("/v1/events", big.append("]").toString());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().get("error").asText()).contains("at most " + EventIngest.MAX_BATCH);
    assertThat(server.post("/v1/events", "[]").status()).isEqualTo(400);
    assertThat(server.post("/v1/events", "{not json").body().get("error").asText()).isEqualTo("body is not valid JSON");
    assertThat(server.post("/v1/events", "42").status()).isEqualTo(400);
    assertThat(server.call("POST", "/v1/events", "text/plain", "{}", null).status()).isEqualTo(415);
  }
}
