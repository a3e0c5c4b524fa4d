package io.stillwater.pipelines.ingest;

import io.stillwater.contract.event.Event;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Duration;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * {@link DeduplicateEvents} for an unbounded input: the same rule (one event per {@code event_id}, counted as
 * {@code events_unique} and {@code events_duplicate}), but a group-by-key never closes on an endless stream, so
 * each id is remembered in keyed state and the first copy to arrive is kept. Ids are forgotten
 * {@code retention} after their first copy arrived (an event-time timer on the arrival-time watermark), which
 * bounds the state; a copy arriving later than that is kept again. Copies of an id are the same event (client
 * retries, replays), so keeping the first arrival rather than batch's earliest {@code ts} changes nothing.
 * Restarts restore the remembered ids with the runner's checkpoint.
 */
public final class DeduplicateEventsInStream extends PTransform<PCollection<Event>, PCollection<Event>> {

  private final Duration retention;

  DeduplicateEventsInStream(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("dedup retention must be positive, got " + retention);
    }
    this.retention = retention;
  }

  public Duration retention() {
    return retention;
  }

  @Override
  public PCollection<Event> expand(PCollection<Event> events) {
    return events
        .apply("KeyById", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Event.class)))
            .via((Event e) -> KV.of(e.eventId(), e)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply("KeepFirstArrivalPerId", ParDo.of(new FirstArrivalFn(retention.toMillis())))
        .setCoder(EventCoder.of());
  }

  static final class FirstArrivalFn extends DoFn<KV<String, Event>, Event> {
    private final long retentionMs;
    private final Counter duplicates = PipelineCounters.counter(PipelineCounters.EVENTS_DUPLICATE);
    private final Counter unique = PipelineCounters.counter(PipelineCounters.EVENTS_UNIQUE);

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    FirstArrivalFn(long retentionMs) {
      this.retentionMs = retentionMs;
    }

    @ProcessElement
    public void process(@Element KV<String, Event> element, @Timestamp Instant arrived,
        @StateId("seen") ValueState<Boolean> seen, @TimerId("forget") Timer forget, OutputReceiver<Event> out) {
      if (Boolean.TRUE.equals(seen.read())) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      forget.withNoOutputTimestamp().set(arrived.plus(org.joda.time.Duration.millis(retentionMs)));
      unique.inc();
      out.output(element.getValue());
    }

    @OnTimer("forget")
    public void forget(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
