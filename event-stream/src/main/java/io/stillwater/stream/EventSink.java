package io.stillwater.stream;

import io.stillwater.contract.event.Event;
import java.util.List;

/**
 * Where accepted events go: the stream the streaming pipeline reads. Used by the API's {@code POST /v1/events}
 * and by {@code simulate --live}. Implementations: {@link EmbeddedEventLog} (a local log, no server) and
 * {@link KinesisEventSink}.
 *
 * <p>The contract: {@link #append} returns only after every event of the batch is durably stored, and events of
 * one user are stored in the order given. Callers validate first ({@code EventValidator}); a sink does not
 * validate again. A failure throws {@link EventSinkException}; some events of the batch may then be stored
 * already, and appending the batch again is safe because the pipeline de-duplicates by {@code event_id}.
 * Implementations are thread-safe.
 */
public interface EventSink extends AutoCloseable {

  /** Stores the batch durably, in order per user; throws {@link EventSinkException} if it cannot. */
  void append(List<? extends Event> events);

  @Override
  default void close() {}
}
