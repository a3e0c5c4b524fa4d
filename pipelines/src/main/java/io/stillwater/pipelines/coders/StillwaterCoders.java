package io.stillwater.pipelines.coders;

import io.stillwater.contract.event.Event;
import io.stillwater.pipelines.ingest.DeadLetter;
import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Registers Stillwater's coders with every pipeline's {@code CoderRegistry} (found through
 * {@code META-INF/services}), so {@code PCollection<Event>}, {@code KV<String, Event>} and
 * {@code PCollection<DeadLetter>} (and collections of any one event type) get a deterministic coder without {@code setCoder} — including in the feature
 * transforms other code adds to the pipelines.
 */
public final class StillwaterCoders implements CoderProviderRegistrar {

  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        new EventsProvider(),
        CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), DeadLetterCoder.of()));
  }

  /**
   * {@link EventCoder} for {@code Event} and for each of its record types ({@code PCollection<ContentEnd>} after
   * a filter, or {@code Create.of} of hand-built events): decoding gives back the type that was encoded.
   */
  static final class EventsProvider extends CoderProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> Coder<T> coderFor(TypeDescriptor<T> type, List<? extends Coder<?>> componentCoders)
        throws CannotProvideCoderException {
      if (Event.class.isAssignableFrom(type.getRawType())) {
        return (Coder<T>) EventCoder.of();
      }
      throw new CannotProvideCoderException(type + " is not an io.stillwater.contract.event.Event");
    }
  }
}
