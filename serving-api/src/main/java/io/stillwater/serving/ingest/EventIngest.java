package io.stillwater.serving.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.contract.event.Validation;
import io.stillwater.contract.event.Violation;
import io.stillwater.stream.EventSink;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/events} without HTTP: each event of a batch validated with the contract's validator, the good
 * ones appended to the event sink (the stream) in the order given, every bad one reported with its index and
 * the field at fault. A batch larger than {@link #MAX_BATCH} is refused whole.
 */
public final class EventIngest {

  public static final int MAX_BATCH = 500;

  /** One rejected event: its index in the batch (0 for a single event) and the first violation. */
  public record Rejection(int index, String field, String reason) {}

  /** What happened to a batch: every event is either accepted (stored in the sink) or rejected. */
  public record Outcome(int accepted, List<Rejection> rejections) {}

  /** The batch as a whole is unacceptable (too large, not events at all). */
  public static final class BadBatch extends RuntimeException {
    public BadBatch(String message) {
      super(message);
    }
  }

  private final EventValidator validator;
  private final EventSink sink;

  public EventIngest(EventValidator validator, EventSink sink) {
    this.validator = validator;
    this.sink = sink;
  }

  /**
   * Validates {@code body} (one event object or an array of them) and appends the valid events to the sink.
   *
   * @throws BadBatch when the batch is empty or larger than {@link #MAX_BATCH}
   * @throws io.stillwater.stream.EventSinkException when the sink cannot store them (nothing is acknowledged)
   */
  public Outcome ingest(JsonNode body) {
    List<JsonNode> nodes = new ArrayList<>();
    if (body.isArray()) {
      if (body.isEmpty()) {
        throw new BadBatch("empty batch: send one event object or an array of 1 to " + MAX_BATCH);
      }
      if (body.size() > MAX_BATCH) {
        throw new BadBatch("batch of " + body.size() + " events; at most " + MAX_BATCH + " per request");
      }
      body.forEach(nodes::add);
    } else {
      nodes.add(body);
    }
    List<Event> accepted = new ArrayList<>(nodes.size());
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Validation v = validator.validate(nodes.get(i));
      if (v instanceof Validation.Accepted a) {
        accepted.add(a.event());
      } else {
        Violation first = ((Validation.Rejected) v).violations().get(0);
        String field = Violation.WHOLE_DOCUMENT.equals(first.field()) ? null : first.field();
        rejections.add(new Rejection(i, field, ((Validation.Rejected) v).summary()));
      }
    }
    if (!accepted.isEmpty()) {
      sink.append(accepted);
    }
    return new Outcome(accepted.size(), rejections);
  }
}
