package io.stillwater.pipelines.coders;

import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Encodes an {@link Event} as its wire JSON ({@link EventJson#write}) in UTF-8 and decodes it with
 * {@link EventJson#read}, which checks the shape but not the catalog or the clock (the event was validated
 * when it came in; both may have moved on since).
 *
 * <p>Deterministic: {@code EventJson.write} gives the same bytes for the same event (fixed field order,
 * millisecond timestamps), so the coder may encode keys and be used for grouping. Registered for {@code Event}
 * by {@link StillwaterCoders}, so {@code PCollection<Event>} and {@code KV<String, Event>} need no
 * {@code setCoder}.
 */
public final class EventCoder extends AtomicCoder<Event> {

  private static final EventCoder INSTANCE = new EventCoder();
  private static final StringUtf8Coder UTF8 = StringUtf8Coder.of();

  private EventCoder() {}

  public static EventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Event value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null Event");
    }
    UTF8.encode(EventJson.write(value), out);
  }

  @Override
  public Event decode(InputStream in) throws IOException {
    String json = UTF8.decode(in);
    try {
      return EventJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new CoderException("not an encoded Event: " + e.getMessage());
    }
  }

  /** Same event, same bytes: see the class comment. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public TypeDescriptor<Event> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(Event.class);
  }
}
