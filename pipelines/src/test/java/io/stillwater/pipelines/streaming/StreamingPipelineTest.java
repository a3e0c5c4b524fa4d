package io.stillwater.pipelines.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import io.stillwater.pipelines.PipelineCounters;
import io.stillwater.pipelines.features.CatalogSource;
import io.stillwater.pipelines.features.ComputeContentFeatures;
import io.stillwater.pipelines.features.ComputeUserFeatures;
import io.stillwater.pipelines.features.EntitySnapshot;
import io.stillwater.pipelines.ingest.DeduplicateEvents;
import io.stillwater.pipelines.ingest.ParseEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming transforms on the DirectRunner, fed a bounded set of lines. */
class StreamingPipelineTest {

  static final Catalog CATALOG = CatalogLoader.loadDefault();
  static final Instant AS_OF = SimulatedLines.END.atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Map<String, EntitySnapshot> BATCH = new ConcurrentHashMap<>();

  @TempDir Path tempDir;
  private FastScratch tmp;

  @org.junit.jupiter.api.BeforeEach
  void scratch() {
    tmp = new FastScratch(tempDir);
  }

  @org.junit.jupiter.api.AfterEach
  void cleanUp() {
    tmp.close();
  }

  static TestPipeline pipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(false);
  }

  static StreamingPipeline.Settings settings(Path workspace, Optional<String> lake) {
    return new StreamingPipeline.Settings(StoreTarget.embedded(workspace, Slot.BLUE), CatalogSource.shipped(), lake,
        Duration.ofMinutes(10), Duration.ofSeconds(60));
  }

  /** Runs the streaming transforms over {@code lines} into the blue slot of {@code workspace}. */
  static PipelineResult stream(Path workspace, List<String> lines, Optional<String> lake) {
    TestPipeline p = pipeline();
    StreamingPipeline.process(p.apply(Create.of(lines).withCoder(StringUtf8Coder.of())), settings(workspace, lake));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result;
  }

  /** The batch path's snapshots (ComputeUserFeatures / ComputeContentFeatures), keyed "user:id" / "content:id". */
  static Map<String, EntitySnapshot> batch(List<String> lines, Instant asOf) {
    BATCH.clear();
    TestPipeline p = pipeline();
    PCollection<Event> events = p.apply(Create.of(lines).withCoder(StringUtf8Coder.of()))
        .apply(ParseEvents.against(CATALOG.contentIds()).receivedAt(Instant.now()))
        .get(ParseEvents.ACCEPTED)
        .apply(DeduplicateEvents.byEventId());
    PCollectionTuple users = events.apply("Users", new ComputeUserFeatures(CatalogSource.shipped(), asOf));
    PCollectionTuple contents = events.apply("Contents", new ComputeContentFeatures(asOf));
    PAssert.that(users.get(ComputeUserFeatures.SNAPSHOTS)).satisfies(all -> {
      all.forEach(s -> BATCH.put("user:" + s.entityId(), s));
      return null;
    });
    PAssert.that(contents.get(ComputeContentFeatures.SNAPSHOTS)).satisfies(all -> {
      all.forEach(s -> BATCH.put("content:" + s.entityId(), s));
      return null;
    });
    p.run().waitUntilFinish();
    return new HashMap<>(BATCH);
  }

  /** Every row of the blue slot, read as values at {@code asOf}, keyed like {@link #batch}. */
  static Map<String, FeatureVector> storeValues(Path workspace, Instant asOf) {
    UserFeatures users = new UserFeatures(CATALOG, SearchFeatures.withSharedModel(CATALOG));
    ContentFeatures contents = new ContentFeatures();
    Map<String, FeatureVector> out = new HashMap<>();
    try (OnlineStore store = EmbeddedSlots.opener(workspace).apply(Slot.BLUE)) {
      store.scan(Entity.USER, r -> out.put("user:" + r.id(), users.valuesAt(r.id(), StateCodec.decodeUser(r.state()), asOf)));
      store.scan(Entity.CONTENT, r -> out.put("content:" + r.id(), contents.valuesAt(r.id(), StateCodec.decodeContent(r.state()), asOf)));
    }
    return out;
  }

  static Map<String, StoredState> rows(Path workspace) {
    Map<String, StoredState> out = new HashMap<>();
    try (OnlineStore store = EmbeddedSlots.opener(workspace).apply(Slot.BLUE)) {
      store.scan(Entity.USER, r -> out.put("user:" + r.id(), r));
      store.scan(Entity.CONTENT, r -> out.put("content:" + r.id(), r));
    }
    return out;
  }

  @Test
  void the_same_events_through_batch_and_stream_give_identical_feature_values() {
    List<String> lines = SimulatedLines.generate(tmp.resolve("sim"), 12, 3, 11L, 0.0);
    Map<String, EntitySnapshot> batch = batch(lines, AS_OF);

    stream(tmp.resolve("ws"), lines, Optional.empty());
    Map<String, FeatureVector> streamed = storeValues(tmp.resolve("ws"), AS_OF);

    assertThat(batch).hasSizeGreaterThan(12);
    assertThat(streamed.keySet()).containsExactlyInAnyOrderElementsOf(batch.keySet());
    for (Map.Entry<String, EntitySnapshot> b : batch.entrySet()) {
      assertThat(streamed.get(b.getKey())).as(b.getKey()).isEqualTo(b.getValue().values());
    }
  }

  @Test
  void dead_letters_keep_their_reasons_and_events_in_equal_accepted_plus_dead_lettered() throws Exception {
    List<String> lines = new ArrayList<>(SimulatedLines.generate(tmp.resolve("sim"), 8, 2, 5L, 0.05));
    lines.add("{not json: stream test marker");
    lines.add("{\"event_id\":\"x1\",\"user_id\":\"u_marker\",\"type\":\"biometric\",\"ts\":\"2026-11-19T10:00:00Z\",\"heart_rate_bpm\":900}");
    Path lake = tmp.resolve("lake");

    SortedMap<String, Long> counters = PipelineCounters.read(stream(tmp.resolve("ws"), lines, Optional.of(lake.toString())));

    long accepted = counters.get(PipelineCounters.EVENTS_ACCEPTED);
    long dead = counters.get(PipelineCounters.EVENTS_DEAD_LETTERED);
    assertThat(counters.get(PipelineCounters.LINES_READ)).isEqualTo(lines.size()).isEqualTo(accepted + dead);
    assertThat(dead).isGreaterThanOrEqualTo(2);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      ResultSet r = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE reason IS NULL OR reason = ''), "
          + "count(*) FILTER (WHERE raw = '{not json: stream test marker'), count(*) FILTER (WHERE raw LIKE '%u_marker%' AND reason LIKE '%heart_rate_bpm%') FROM read_parquet('"
          + lake.resolve(StreamingPipeline.ARCHIVE_DEAD_LETTERS) + "/**/*.parquet', hive_partitioning = true)");
      r.next();
      assertThat(r.getLong(1)).isEqualTo(dead);
      assertThat(r.getLong(2)).as("dead letters without a reason").isZero();
      assertThat(r.getLong(3)).isEqualTo(1);
      assertThat(r.getLong(4)).isEqualTo(1);
      ResultSet e = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM read_parquet('"
          + lake.resolve(StreamingPipeline.ARCHIVE_EVENTS) + "/**/*.parquet', hive_partitioning = true)");
      e.next();
      assertThat(e.getLong(1)).isEqualTo(counters.get(PipelineCounters.EVENTS_UNIQUE)).isEqualTo(e.getLong(2));
      assertThat(e.getLong(1) + counters.getOrDefault(PipelineCounters.EVENTS_DUPLICATE, 0L)).isEqualTo(accepted);
    }
  }

  @Test
  void replaying_the_stream_into_a_slot_never_counts_an_event_twice() {
    Instant cutoff = AS_OF.minus(Duration.ofDays(2));
    // nothing within 10 minutes of the cut, so a row version nudged by an out-of-order event cannot reach past it
    List<String> lines = SimulatedLines.generate(tmp.resolve("sim"), 8, 4, 3L, 0.0).stream()
        .filter(l -> Duration.between(EventJson.read(l).ts(), cutoff).abs().compareTo(Duration.ofMinutes(10)) > 0)
        .toList();
    List<String> beforeCut = lines.stream().filter(l -> EventJson.read(l).ts().isBefore(cutoff)).toList();
    assertThat(beforeCut).isNotEmpty().hasSizeLessThan(lines.size());

    stream(tmp.resolve("restarted"), beforeCut, Optional.empty());
    Map<String, StoredState> firstRun = rows(tmp.resolve("restarted"));
    stream(tmp.resolve("restarted"), beforeCut, Optional.empty()); // the same events again: nothing moves
    assertThat(rows(tmp.resolve("restarted"))).isEqualTo(firstRun);

    stream(tmp.resolve("restarted"), lines, Optional.empty()); // replay from the start, plus what is new
    stream(tmp.resolve("once"), lines, Optional.empty());
    assertThat(storeValues(tmp.resolve("restarted"), AS_OF)).isEqualTo(storeValues(tmp.resolve("once"), AS_OF));
  }
}
