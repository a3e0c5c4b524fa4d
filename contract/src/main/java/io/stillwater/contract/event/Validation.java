package io.stillwater.contract.event;

import java.util.List;

/** The outcome of validating one input event: accepted as a typed event, or rejected with every reason. */
public sealed interface Validation {

  record Accepted(Event event) implements Validation {}

  /** @param violations never empty; each names the field at fault */
  record Rejected(List<Violation> violations) implements Validation {
    public Rejected {
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one violation");
      }
      violations = List.copyOf(violations);
    }

    /** All reasons on one line, for dead-letter records and logs. */
    public String summary() {
      return String.join("; ", violations.stream().map(Violation::toString).toList());
    }
  }
}
