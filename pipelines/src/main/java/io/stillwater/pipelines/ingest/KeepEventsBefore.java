package io.stillwater.pipelines.ingest;

import io.stillwater.contract.event.Event;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Keeps the events with {@code ts} strictly before a watermark (a backfill's {@code --until}); the rest are
 * counted as {@code events_after_until} and left out, the kept ones as {@code events_before_until}.
 *
 * <p>Exclusive, like every feature window's upper edge: a backfill up to T and a stream started at T cover each
 * event exactly once, and features read "as of T" never see an event at T. Events after the watermark are valid
 * (they are not dead letters): they belong to a later backfill or to the stream.
 */
public final class KeepEventsBefore extends PTransform<PCollection<Event>, PCollection<Event>> {

  private final Instant watermark;

  private KeepEventsBefore(Instant watermark) {
    this.watermark = Objects.requireNonNull(watermark, "watermark");
  }

  public static KeepEventsBefore watermark(Instant until) {
    return new KeepEventsBefore(until);
  }

  @Override
  public PCollection<Event> expand(PCollection<Event> events) {
    return events.apply("TsBeforeWatermark", ParDo.of(new BeforeFn(watermark))).setCoder(EventCoder.of());
  }

  static final class BeforeFn extends DoFn<Event, Event> {
    private final Instant watermark;
    private final Counter before = PipelineCounters.counter(PipelineCounters.EVENTS_BEFORE_UNTIL);
    private final Counter after = PipelineCounters.counter(PipelineCounters.EVENTS_AFTER_UNTIL);

    BeforeFn(Instant watermark) {
      this.watermark = watermark;
    }

    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<Event> out) {
      if (event.ts().isBefore(watermark)) {
        before.inc();
        out.output(event);
      } else {
        after.inc();
      }
    }
  }
}
