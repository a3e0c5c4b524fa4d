package io.stillwater.pipelines.ingest;

import io.stillwater.contract.event.Validation;
import io.stillwater.contract.event.Violation;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An input line that is not a valid event, kept with why (DESIGN.md: invalid events go to a dead-letter output
 * with the reason; they never stop a pipeline and are never silently dropped).
 *
 * @param raw the line exactly as read
 * @param reason every problem on one line ({@link Validation.Rejected#summary()})
 * @param fields the fields at fault, in the order reported, each once ({@code $} for the whole line)
 * @param receivedAt when the pipeline received the line: the run's start time in a backfill
 */
public record DeadLetter(String raw, String reason, List<String> fields, Instant receivedAt) implements Serializable {

  public DeadLetter {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(receivedAt, "receivedAt");
    fields = List.copyOf(fields);
  }

  public static DeadLetter of(String raw, Validation.Rejected rejected, Instant receivedAt) {
    List<String> fields = rejected.violations().stream().map(Violation::field).distinct().toList();
    return new DeadLetter(raw, rejected.summary(), fields, receivedAt);
  }
}
