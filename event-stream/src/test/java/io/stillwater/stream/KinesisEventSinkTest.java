package io.stillwater.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class KinesisEventSinkTest {

  private static Kinesalite kinesalite;
  private static KinesisClient client;

  @BeforeAll
  static void start() throws Exception {
    kinesalite = Kinesalite.start();
    client = KinesisClients.create(Optional.of(kinesalite.endpoint()), "us-east-1");
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (kinesalite != null) {
      kinesalite.close();
    }
  }

  @Test
  void what_the_sink_puts_reads_back_in_order_per_user_across_batches_over_500() {
    Kinesalite.createStream(client, "events-a", 4);
    List<Event> events = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-28T20:00:00Z");
    for (int i = 0; i < 1203; i++) {
      events.add(new Biometric("e" + i, "u_" + (i % 37), t0.plusSeconds(i), i, 60.0 + i % 30, "watch"));
    }
    try (KinesisEventSink sink = KinesisEventSink.using(client, "events-a")) {
      sink.append(events);
      sink.appendLines(List.of("{not json"));
    }

    Map<String, List<String>> byUser = new HashMap<>();
    List<String> all = new ArrayList<>();
    for (Shard shard : client.listShards(b -> b.streamName("events-a")).shards()) {
      String iterator = client.getShardIterator(b -> b.streamName("events-a").shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (true) {
        String it = iterator;
        var response = client.getRecords(b -> b.shardIterator(it).limit(1000));
        for (Record r : response.records()) {
          String line = r.data().asString(StandardCharsets.UTF_8);
          all.add(line);
          if (!line.startsWith("{not")) {
            Event e = EventJson.read(line);
            assertThat(r.partitionKey()).isEqualTo(e.userId());
            byUser.computeIfAbsent(e.userId(), k -> new ArrayList<>()).add(e.eventId());
          }
        }
        if (response.records().isEmpty()) {
          break;
        }
        iterator = response.nextShardIterator();
      }
    }
    assertThat(all).hasSize(1204).contains("{not json");
    for (Map.Entry<String, List<String>> user : byUser.entrySet()) {
      List<String> expected = events.stream().filter(e -> e.userId().equals(user.getKey())).map(Event::eventId).toList();
      assertThat(user.getValue()).as("order of %s", user.getKey()).containsExactlyElementsOf(expected);
    }
  }
}
