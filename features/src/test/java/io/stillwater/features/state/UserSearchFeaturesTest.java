package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.USER;
import static io.stillwater.features.state.Fixtures.ago;
import static io.stillwater.features.state.Fixtures.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Search features of a user with the real all-MiniLM-L6-v2 model and the shipped catalog's themes. */
class UserSearchFeaturesTest {

  private static SearchFeatures search;
  private static UserFeatures features;

  @BeforeAll
  static void load_the_model_once() {
    search = SearchFeatures.withSharedModel(Fixtures.CATALOG);
    features = new UserFeatures(Fixtures.CATALOG, search);
  }

  private static FeatureVector valuesAt(Instant asOf, List<Event> events) {
    return features.valuesAt(USER, Fixtures.foldUser(features, events), asOf);
  }

  private static List<String> searchFeatureNames() {
    List<String> names = new java.util.ArrayList<>(List.of("search_embedding", "secs_since_search"));
    for (Category c : Category.values()) {
      names.add(FeatureRegistry.searchSimilarity(c));
    }
    return names;
  }

  @Test
  void without_a_search_every_search_feature_is_missing() {
    FeatureVector v = valuesAt(AS_OF, List.of(Fixtures.start(ago(Duration.ofHours(1)), Fixtures.SLEEP)));
    for (String name : searchFeatureNames()) {
      assertThat(v.isMissing(name)).as(name).isTrue();
    }
    assertThat(v.vector("search_embedding")).isNull();
  }

  @Test
  void a_search_at_or_after_as_of_is_not_seen() {
    FeatureVector v = valuesAt(AS_OF, List.of(search(AS_OF, "cramming for finals"),
        search(AS_OF.plusSeconds(5), "cramming for finals")));
    for (String name : searchFeatureNames()) {
      assertThat(v.isMissing(name)).as(name).isTrue();
    }
  }

  @Test
  void cramming_for_finals_is_most_similar_to_focus() {
    FeatureVector v = valuesAt(AS_OF, List.of(search(ago(Duration.ofSeconds(90)), "cramming for finals")));

    float[] embedding = v.vector("search_embedding");
    assertThat(embedding).hasSize(FeatureRegistry.EMBEDDING_DIMENSION).hasSize(384);
    assertThat(embedding).containsExactly(search.embed("cramming for finals"));
    assertThat(v.values().get("secs_since_search")).isEqualTo(90.0);

    Map<Category, Double> expected = search.similarities(embedding);
    double focus = v.number("search_sim_focus").orElseThrow();
    for (Category c : Category.values()) {
      String name = FeatureRegistry.searchSimilarity(c);
      assertThat(v.values().get(name)).as(name).isEqualTo(expected.get(c));
      if (c != Category.FOCUS) {
        assertThat(focus).as("focus vs %s", name).isGreaterThan(v.number(name).orElseThrow());
      }
    }
  }

  @Test
  void a_later_search_replaces_the_earlier_one() {
    Instant first = ago(Duration.ofMinutes(30));
    Instant second = ago(Duration.ofMillis(12_500));
    List<Event> events = List.of(search(second, "can't fall asleep"), search(first, "cramming for finals"));

    FeatureVector now = valuesAt(AS_OF, events);
    assertThat(now.vector("search_embedding")).containsExactly(search.embed("can't fall asleep"));
    assertThat(now.values().get("secs_since_search")).isEqualTo(12.5);
    assertThat(now.values().get("search_sim_sleep"))
        .isEqualTo(search.similarities(search.embed("can't fall asleep")).get(Category.SLEEP));
  }

  @Test
  void reading_between_two_searches_gives_the_earlier_one() {
    Instant first = ago(Duration.ofMinutes(30));
    Instant second = ago(Duration.ofMinutes(10));
    List<Event> events = List.of(search(first, "cramming for finals"), search(second, "can't fall asleep"));
    float[] cramming = search.embed("cramming for finals");

    FeatureVector between = valuesAt(ago(Duration.ofMinutes(20)), events);
    assertThat(between.vector("search_embedding")).containsExactly(cramming);
    assertThat(between.values().get("secs_since_search")).isEqualTo(600.0);
    assertThat(between.values().get("search_sim_focus")).isEqualTo(search.similarities(cramming).get(Category.FOCUS));

    // At the second search's own time it is not yet seen (strictly before).
    FeatureVector atSecond = valuesAt(second, events);
    assertThat(atSecond.vector("search_embedding")).containsExactly(cramming);
    assertThat(atSecond.values().get("secs_since_search")).isEqualTo(1200.0);
  }
}
