package io.stillwater.push.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.push.PushMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryingPublisherTest {

  private static PushMessage message(String key) {
    return new PushMessage(key, "u", "sleep", List.of(), 1, "blue", "m", false, null, "r", "why", "e",
        "2026-11-28T00:00:00Z", "2026-11-28T00:00:00Z", "2026-11-28T00:00:01Z");
  }

  /** Accepts a message only after it failed {@code failuresBefore.get(key)} times; records every batch. */
  private static final class FlakySink implements PushSink {
    final Map<String, Integer> failuresBefore;
    final List<List<String>> batches = new ArrayList<>();

    FlakySink(Map<String, Integer> failuresBefore) {
      this.failuresBefore = new HashMap<>(failuresBefore);
    }

    @Override
    public void publish(PushMessage message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<Integer, String> publishAll(List<PushMessage> messages) {
      batches.add(messages.stream().map(PushMessage::idempotencyKey).toList());
      Map<Integer, String> failed = new HashMap<>();
      for (int i = 0; i < messages.size(); i++) {
        String key = messages.get(i).idempotencyKey();
        int left = failuresBefore.getOrDefault(key, 0);
        if (left > 0) {
          failuresBefore.put(key, left - 1);
          failed.put(i, "ThrottlingException: slow down");
        }
      }
      return failed;
    }

    @Override
    public String describe() {
      return "flaky";
    }

    @Override
    public void close() {}
  }

  @Test
  void onlyTheEntriesThatFailedAreRetriedWithGrowingBackoffAndTheLastAttemptsErrorIsKept() throws Exception {
    FlakySink sink = new FlakySink(Map.of("b", 1, "c", 5));
    List<Duration> slept = new ArrayList<>();
    RetryingPublisher publisher = new RetryingPublisher(sink, 3, Duration.ofMillis(100), Duration.ofMillis(150), slept::add);

    List<RetryingPublisher.Result> results = publisher.publishAll(List.of(message("a"), message("b"), message("c")));

    assertThat(sink.batches).containsExactly(List.of("a", "b", "c"), List.of("b", "c"), List.of("c"));
    assertThat(results).extracting(RetryingPublisher.Result::ok).containsExactly(true, true, false);
    assertThat(results).extracting(RetryingPublisher.Result::attempts).containsExactly(1, 2, 3);
    assertThat(results.get(2).error()).isEqualTo("ThrottlingException: slow down");
    assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    assertThat(publisher.retries()).isEqualTo(3);
  }
}
