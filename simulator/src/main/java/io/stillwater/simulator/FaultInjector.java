package io.stillwater.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns a user-day's good events into the lines the backend receives, mixing in a share of faulty ones.
 * Invalid copies get a fresh event_id, so each is an event of its own; duplicates repeat the line exactly.
 */
final class FaultInjector {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Fault[] FAULTS = Fault.values();

  private final double rate;
  /** Far past the history's end, so "future" holds for years of replays, and output stays deterministic. */
  private final Instant future;

  FaultInjector(double rate, Instant historyEnd) {
    this.rate = rate;
    this.future = historyEnd.plus(Duration.ofDays(5 * 365));
  }

  void emit(SimulatedUser user, List<Event> events, SplittableRandom rng, Consumer<Emission> out) {
    int seq = 0;
    for (Event event : events) {
      String line = EventJson.write(event);
      Fault fault = rate > 0 && rng.nextDouble() < rate ? FAULTS[rng.nextInt(FAULTS.length)] : null;
      if (fault == Fault.LATE_ARRIVAL) {
        Instant late = event.ts().plus(Duration.ofMinutes(10 + rng.nextInt(30 * 60)));
        out.accept(new Emission(late, user.index(), seq++, line, event.ts(), event.type(), fault));
        continue;
      }
      out.accept(new Emission(event.ts(), user.index(), seq++, line, event.ts(), event.type(), null));
      if (fault == Fault.DUPLICATE) {
        Instant again = event.ts().plusSeconds(1 + rng.nextInt(2 * 3600));
        out.accept(new Emission(again, user.index(), seq++, line, event.ts(), event.type(), fault));
      } else if (fault != null) {
        Instant at = event.ts().plusMillis(1 + rng.nextInt(5000));
        out.accept(new Emission(at, user.index(), seq++, corrupt(fault, event, rng, future), at, event.type(), fault));
      }
    }
  }

  private static String corrupt(Fault fault, Event event, SplittableRandom rng, Instant future) {
    ObjectNode node = tree(EventJson.write(event));
    node.put("event_id", new UUID(rng.nextLong(), rng.nextLong()).toString());
    switch (fault) {
      case MALFORMED_JSON -> {
        String text = node.toString();
        return text.substring(0, 1 + rng.nextInt(text.length() - 1));
      }
      case MISSING_FIELD -> {
        String[] required = requiredFields(event);
        node.remove(required[rng.nextInt(required.length)]);
      }
      case WRONG_TYPE -> {
        if (event instanceof ContentEnd) {
          node.put("completed", "yes");
        } else if (event instanceof Biometric b && b.steps() != null) {
          node.put("steps", String.valueOf(b.steps()));
        } else {
          node.put("ts", 1700000000L);
        }
      }
      case IMPOSSIBLE_VALUE -> {
        if (event instanceof Biometric b && b.heartRateBpm() != null) {
          node.put("heart_rate_bpm", 900);
        } else if (event instanceof Biometric) {
          node.put("steps", -40);
        } else if (event instanceof ContentProgress || event instanceof ContentEnd) {
          node.put("position_s", -5);
        } else {
          node.put("user_id", "");
        }
      }
      case FUTURE_TIMESTAMP -> node.put("ts", EventJson.formatTimestamp(future.plus(Duration.ofDays(rng.nextInt(400)))));
      case UNKNOWN_CONTENT -> {
        if (event instanceof ContentStart || event instanceof ContentProgress || event instanceof ContentEnd) {
          node.put("content_id", "sleep-no-such-item-" + rng.nextInt(1000));
        } else if (event instanceof RecommendationImpression) {
          node.putArray("content_ids").add("focus-no-such-item-" + rng.nextInt(1000));
        } else {
          node.remove("user_id");
        }
      }
      case OVERLONG_STRING -> {
        if (event instanceof Search) {
          node.put("query", "help ".repeat(120));
        } else {
          node.put("user_id", "u_" + "x".repeat(200));
        }
      }
      default -> throw new IllegalArgumentException("not a corruption: " + fault);
    }
    return node.toString();
  }

  private static String[] requiredFields(Event event) {
    if (event instanceof ContentEnd) {
      return new String[] {"user_id", "ts", "event_id", "completed", "position_s", "content_id"};
    }
    if (event instanceof Biometric) {
      return new String[] {"user_id", "ts", "event_id", "source"};
    }
    return new String[] {"user_id", "ts", "event_id", "type"};
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the simulator wrote invalid JSON: " + json, e);
    }
  }
}
