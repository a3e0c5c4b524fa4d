package io.stillwater.features.state;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentProgress;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.RecommendationImpression;
import io.stillwater.contract.event.Search;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.search.TextEmbedder;
import io.stillwater.features.search.ThemeVectors;
import io.stillwater.features.search.Vectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test data: the shipped catalog, real content ids, event factories and folding helpers. */
final class Fixtures {

  static final Catalog CATALOG = CatalogLoader.loadDefault();
  static final String SLEEP = first(Category.SLEEP, 0);
  static final String SLEEP_2 = first(Category.SLEEP, 1);
  static final String FOCUS = first(Category.FOCUS, 0);
  static final String MEDITATION = first(Category.MEDITATION, 0);
  static final String MOVEMENT = first(Category.MOVEMENT, 0);
  static final String STRESS = first(Category.STRESS, 0);
  static final String ANXIETY = first(Category.ANXIETY, 0);
  static final String NOT_IN_CATALOG = "sleep-no-such-story-anywhere";

  static final String USER = "u-fixture";
  /** Deliberately not on an hour boundary, so hour rounding of long windows is visible. */
  static final Instant AS_OF = Instant.parse("2024-03-10T12:34:56.789Z");

  private static final AtomicLong IDS = new AtomicLong();

  private Fixtures() {}

  static String first(Category category, int index) {
    return CATALOG.inCategory(category).get(index).contentId();
  }

  /** UserFeatures with a cheap deterministic embedder, for tests that are not about search semantics. */
  static UserFeatures userFeatures() {
    return new UserFeatures(CATALOG, StubSearch.INSTANCE);
  }

  static ContentStart start(Instant ts, String contentId) {
    long id = IDS.incrementAndGet();
    return new ContentStart("e-" + id, USER, ts, contentId, "s-" + id);
  }

  static ContentEnd end(Instant ts, String contentId, double positionS, boolean completed) {
    long id = IDS.incrementAndGet();
    return new ContentEnd("e-" + id, USER, ts, contentId, "s-" + id, positionS, completed);
  }

  /** A sleep session abandoned after 30 s: a bounce. */
  static ContentEnd sleepBounce(Instant ts) {
    return end(ts, SLEEP, 30, false);
  }

  static Biometric steps(Instant ts, int steps) {
    return new Biometric("e-" + IDS.incrementAndGet(), USER, ts, steps, null, "watch");
  }

  static Biometric heartRate(Instant ts, double bpm) {
    return new Biometric("e-" + IDS.incrementAndGet(), USER, ts, null, bpm, "watch");
  }

  static Search search(Instant ts, String query) {
    return new Search("e-" + IDS.incrementAndGet(), USER, ts, query);
  }

  static ContentProgress progress(Instant ts, String contentId, double positionS) {
    long id = IDS.incrementAndGet();
    return new ContentProgress("e-" + id, USER, ts, contentId, "s-" + id, positionS);
  }

  static RecommendationImpression impression(Instant ts, List<String> contentIds) {
    long id = IDS.incrementAndGet();
    return new RecommendationImpression("e-" + id, USER, ts, "r-" + id, "sleep", contentIds);
  }

  static Instant before(Instant t, Duration d) {
    return t.minus(d);
  }

  static Instant ago(Duration d) {
    return AS_OF.minus(d);
  }

  static Instant floorHour(Instant t) {
    return Instant.ofEpochMilli(EntityFacts.floorHour(t.toEpochMilli()));
  }

  static UserFeatureState foldUser(UserFeatures features, List<? extends Event> events) {
    UserFeatureState state = new UserFeatureState();
    for (Event e : events) {
      features.update(state, e);
    }
    return state;
  }

  static ContentFeatureState foldContent(List<? extends Event> events) {
    ContentFeatures features = new ContentFeatures();
    ContentFeatureState state = new ContentFeatureState();
    for (Event e : events) {
      features.update(state, e);
    }
    return state;
  }

  static FeatureVector userValuesAt(Instant asOf, List<? extends Event> events) {
    UserFeatures features = userFeatures();
    return features.valuesAt(USER, foldUser(features, events), asOf);
  }

  static FeatureVector contentValuesAt(String contentId, Instant asOf, List<? extends Event> events) {
    return new ContentFeatures().valuesAt(contentId, foldContent(events), asOf);
  }

  /** Values with vectors turned into lists, so two vectors compare by equals (bit-exact floats). */
  static Map<String, Object> comparable(FeatureVector v) {
    Map<String, Object> out = new LinkedHashMap<>();
    v.values().forEach((k, value) -> {
      if (value instanceof float[] f) {
        List<Float> list = new ArrayList<>(f.length);
        for (float x : f) {
          list.add(x);
        }
        out.put(k, list);
      } else {
        out.put(k, value);
      }
    });
    return out;
  }

  /**
   * SearchFeatures over a tiny deterministic embedder (4 dimensions from the text's hash), so state tests
   * do not load the MiniLM model. Search semantics are tested with the real model in
   * {@link UserSearchFeaturesTest}.
   */
  static final class StubSearch {
    static final SearchFeatures INSTANCE;

    static {
      TextEmbedder embedder = new TextEmbedder() {
        @Override
        public float[] embed(String text) {
          int h = text.strip().toLowerCase(Locale.ROOT).hashCode();
          float[] v = {1f, (h & 0xff) / 255f, ((h >>> 8) & 0xff) / 255f, ((h >>> 16) & 0xff) / 255f};
          return Vectors.normalize(v);
        }

        @Override
        public int dimension() {
          return 4;
        }
      };
      INSTANCE = new SearchFeatures(embedder, ThemeVectors.fromCatalog(CATALOG, embedder));
    }

    private StubSearch() {}
  }

  static List<Event> list(Event... events) {
    return Arrays.asList(events);
  }
}
