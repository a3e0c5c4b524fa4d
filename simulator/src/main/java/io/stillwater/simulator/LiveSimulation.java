package io.stillwater.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.event.EventJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Plays the simulated population forward from now, emitting each line when it is due. With {@code speed}
 * above 1 simulated time runs faster than the wall clock; timestamps are mapped onto the wall clock so
 * events are never from the future, and late arrivals stay late by the same (scaled) amount.
 */
public final class LiveSimulation {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Simulator simulator;
  private final double speed;
  private final Clock clock;

  public LiveSimulation(Simulator simulator, double speed, Clock clock) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, got " + speed);
    }
    this.simulator = simulator;
    this.speed = speed;
    this.clock = clock;
  }

  /**
   * Emits lines until {@code maxLines} are out or {@code wallDuration} has passed.
   *
   * @return the number of lines emitted
   */
  public long run(Duration wallDuration, long maxLines, Consumer<String> sink) throws InterruptedException {
    Instant wallStart = clock.instant();
    Instant simStart = wallStart;
    Instant wallEnd = wallStart.plus(wallDuration);
    PriorityQueue<Emission> due = new PriorityQueue<>(Emission.ARRIVAL_ORDER);
    LocalDate nextLocalDay = simStart.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    long emitted = 0;
    while (emitted < maxLines) {
      // Everything arriving before UTC day (d - 1) ends is known once local day d is generated.
      while (due.isEmpty() || !due.peek().arrival().isBefore(nextLocalDay.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
        simulator.generateLocalDay(nextLocalDay, e -> {
          if (!e.arrival().isBefore(simStart)) {
            due.add(e);
          }
        });
        nextLocalDay = nextLocalDay.plusDays(1);
      }
      Emission next = due.poll();
      Instant wallDue = toWall(next.arrival(), simStart, wallStart);
      if (wallDue.isAfter(wallEnd)) {
        break;
      }
      long waitMs = Duration.between(clock.instant(), wallDue).toMillis();
      if (waitMs > 0) {
        // Pacing a single emitter thread: sleeping until the next line is due is the whole job.
        Thread.sleep(waitMs);
      }
      sink.accept(retimed(next.line(), simStart, wallStart));
      emitted++;
    }
    return emitted;
  }

  private Instant toWall(Instant simulated, Instant simStart, Instant wallStart) {
    long simMillis = Duration.between(simStart, simulated).toMillis();
    return wallStart.plusMillis((long) (simMillis / speed));
  }

  /** Moves the line's ts onto the wall clock; a line that is not a JSON object with a ts stays as it is. */
  private String retimed(String line, Instant simStart, Instant wallStart) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node instanceof ObjectNode obj && node.path("ts").isTextual()) {
        Instant ts = Instant.parse(node.get("ts").textValue());
        obj.put("ts", EventJson.formatTimestamp(toWall(ts, simStart, wallStart)));
        return obj.toString();
      }
    } catch (IOException | DateTimeParseException e) {
      // Faulty lines are meant to reach the backend as they are.
    }
    return line;
  }
}
