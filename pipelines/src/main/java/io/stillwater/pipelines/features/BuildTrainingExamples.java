package io.stillwater.pipelines.features;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.pipelines.PipelineCounters;
import java.time.Instant;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins each ended session's user features with its item's features at the same start time (by session id),
 * adds the context features and the catalog's attributes, and makes the training row.
 */
public final class BuildTrainingExamples extends PTransform<PCollectionTuple, PCollection<GenericRecord>> {

  /** The user side: {@link ComputeUserFeatures#SESSIONS}. */
  public static final TupleTag<SessionStartFeatures> USER_SIDE = ComputeUserFeatures.SESSIONS;
  /** The content side: {@link ComputeContentFeatures#AT_SESSION_START}. */
  public static final TupleTag<KV<String, FeatureVector>> CONTENT_SIDE = ComputeContentFeatures.AT_SESSION_START;

  private final CatalogSource catalog;

  public BuildTrainingExamples(CatalogSource catalog) {
    this.catalog = catalog;
  }

  @Override
  public PCollection<GenericRecord> expand(PCollectionTuple sides) {
    TupleTag<SessionStartFeatures> user = new TupleTag<>();
    TupleTag<FeatureVector> content = new TupleTag<>();
    PCollection<KV<String, SessionStartFeatures>> users = sides.get(USER_SIDE)
        .apply("KeyUserSideBySession", WithKeys.of((SessionStartFeatures s) -> s.sessionId()).withKeyType(TypeDescriptors.strings()));
    return KeyedPCollectionTuple.of(user, users)
        .and(content, sides.get(CONTENT_SIDE))
        .apply("JoinBySession", CoGroupByKey.create())
        .apply("MakeExampleRows", ParDo.of(new RowFn(catalog, user, content)))
        .setCoder(AvroCoder.of(GenericRecord.class, TrainingExampleSchema.SCHEMA));
  }

  static final class RowFn extends DoFn<KV<String, CoGbkResult>, GenericRecord> {
    private final CatalogSource catalogSource;
    private final TupleTag<SessionStartFeatures> userTag;
    private final TupleTag<FeatureVector> contentTag;
    private final Counter unmatched = PipelineCounters.counter(PipelineCounters.SESSIONS_WITHOUT_LABEL);
    private final Counter examples = PipelineCounters.counter(PipelineCounters.TRAINING_EXAMPLES);
    private transient Catalog catalog;
    private transient ContextFeatures context;
    private transient Schema schema;

    RowFn(CatalogSource catalogSource, TupleTag<SessionStartFeatures> userTag, TupleTag<FeatureVector> contentTag) {
      this.catalogSource = catalogSource;
      this.userTag = userTag;
      this.contentTag = contentTag;
    }

    @Setup
    public void setup() {
      catalog = catalogSource.load();
      context = new ContextFeatures(SearchFeatures.withSharedModel(catalog));
      schema = TrainingExampleSchema.SCHEMA;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<GenericRecord> out) {
      Iterator<SessionStartFeatures> users = joined.getValue().getAll(userTag).iterator();
      Iterator<FeatureVector> contents = joined.getValue().getAll(contentTag).iterator();
      if (!users.hasNext() || !contents.hasNext()) {
        // Sessions that never ended (no label) have only a content side: not an example.
        unmatched.inc();
        return;
      }
      SessionStartFeatures s = users.next();
      FeatureVector itemValues = contents.next();
      ContentItem item = catalog.find(s.contentId()).orElseThrow();
      GenericRecord row = new GenericData.Record(schema);
      row.put("user_id", s.userId());
      row.put("content_id", s.contentId());
      row.put("session_id", s.sessionId());
      row.put("start_ts", s.startMs());
      row.put("end_ts", s.endMs());
      row.put("completed", s.completed());
      row.put("bounced", s.bounced());
      row.put("fraction_played", s.fractionPlayed());
      row.put("category", item.category().wireName());
      row.put("narrator", item.narrator());
      row.put("duration_s", (long) item.durationS());
      row.put("feature_schema_version", FeatureRegistry.schemaVersion());
      FeatureColumns.fill(row, s.user());
      FeatureColumns.fill(row, itemValues);
      FeatureColumns.fill(row, context.valuesAt(s.user(), s.contentId(), Instant.ofEpochMilli(s.startMs())));
      out.output(row);
      examples.inc();
    }
  }
}
