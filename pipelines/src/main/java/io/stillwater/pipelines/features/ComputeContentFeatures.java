package io.stillwater.pipelines.features;

import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.pipelines.coders.EventCoder;
import java.time.Instant;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Folds each content item's session events, in event-time order, through {@link ContentFeatures}: the item's
 * features strictly before every session start ({@link #AT_SESSION_START}, keyed by session id), and each
 * item's state and values as of the watermark ({@link #SNAPSHOTS}).
 */
public final class ComputeContentFeatures extends PTransform<PCollection<Event>, PCollectionTuple> {

  public static final TupleTag<KV<String, FeatureVector>> AT_SESSION_START = new TupleTag<>() {};
  public static final TupleTag<EntitySnapshot> SNAPSHOTS = new TupleTag<>() {};

  private final Instant watermark;

  public ComputeContentFeatures(Instant watermark) {
    this.watermark = watermark;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    PCollectionTuple out = events
        .apply("SessionEvents", Filter.by((Event e) -> e instanceof ContentStart || e instanceof ContentEnd))
        .apply("KeyByContent", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Event.class)))
            .via((Event e) -> KV.of(contentId(e), e)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply("GroupByContent", GroupByKey.create())
        .apply("FoldContentEvents", ParDo.of(new FoldFn(watermark)).withOutputTags(AT_SESSION_START, TupleTagList.of(SNAPSHOTS)));
    out.get(AT_SESSION_START).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FeatureVector.class)));
    out.get(SNAPSHOTS).setCoder(SerializableCoder.of(EntitySnapshot.class));
    return out;
  }

  private static String contentId(Event e) {
    return e instanceof ContentStart s ? s.contentId() : ((ContentEnd) e).contentId();
  }

  static final class FoldFn extends DoFn<KV<String, Iterable<Event>>, KV<String, FeatureVector>> {
    private final Instant watermark;
    private transient ContentFeatures features;

    FoldFn(Instant watermark) {
      this.watermark = watermark;
    }

    @Setup
    public void setup() {
      features = new ContentFeatures();
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Event>> item, MultiOutputReceiver out) {
      String contentId = item.getKey();
      ContentFeatureState state = new ContentFeatureState();
      for (Event event : ComputeUserFeatures.inEventTimeOrder(item.getValue())) {
        if (event instanceof ContentStart start) {
          out.get(AT_SESSION_START).output(KV.of(start.sessionId(), features.valuesAt(contentId, state, start.ts())));
        }
        features.update(state, event);
      }
      out.get(SNAPSHOTS).output(new EntitySnapshot(
          contentId, state.facts().newest(), StateCodec.encode(state), features.valuesAt(contentId, state, watermark)));
    }
  }
}
