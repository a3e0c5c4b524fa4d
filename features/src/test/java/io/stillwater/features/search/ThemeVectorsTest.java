package io.stillwater.features.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ThemeVectorsTest {

  private static final Logger LOG = LoggerFactory.getLogger(ThemeVectorsTest.class);

  private static Catalog catalog;
  private static MiniLmEmbedder embedder;
  private static ThemeVectors themes;

  @BeforeAll
  static void embedTheShippedCatalog() {
    catalog = CatalogLoader.loadDefault();
    embedder = MiniLmEmbedder.shared();
    themes = ThemeVectors.fromCatalog(catalog, embedder);
  }

  // --- semantic anchors: a search lands on the category a person means ---

  @ParameterizedTest
  @ValueSource(strings = {"cramming for finals", "can't concentrate on revision", "preparing for exam"})
  void study_searches_are_closest_to_focus(String query) {
    assertThat(topCategory(query)).as(table(query)).isEqualTo(Category.FOCUS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"can't fall asleep", "waking up at 3am"})
  void sleeplessness_searches_are_closest_to_sleep(String query) {
    assertThat(topCategory(query)).as(table(query)).isEqualTo(Category.SLEEP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"post run stretch", "tight hamstrings after running"})
  void running_searches_are_closest_to_movement(String query) {
    assertThat(topCategory(query)).as(table(query)).isEqualTo(Category.MOVEMENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my heart is racing", "overwhelmed at work", "panic attack help"})
  void distress_searches_are_closest_to_stress_or_anxiety(String query) {
    assertThat(topCategory(query)).as(table(query)).isIn(Category.STRESS, Category.ANXIETY);
  }

  // --- structure ---

  @Test
  void similarities_cover_every_category_in_category_order() {
    Map<Category, Double> similarities = themes.similarities(embedder.embed("slow breathing"));
    assertThat(similarities.keySet()).containsExactly(Category.values());
    assertThat(similarities.values()).allSatisfy(s -> assertThat(s).isBetween(-1.0, 1.0));
  }

  @Test
  void each_category_vector_is_the_normalized_mean_of_its_items() {
    for (Category category : Category.values()) {
      float[] vector = themes.of(category);
      assertThat(vector).hasSize(384);
      assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
      List<float[]> items = catalog.inCategory(category).stream()
          .map(item -> themes.ofContent(item.contentId())).toList();
      assertThat(vector).containsExactly(Vectors.normalize(Vectors.mean(items)), within(1e-6f));
    }
  }

  @Test
  void a_content_vector_is_the_embedding_of_its_title_and_description() {
    ContentItem item = catalog.items().get(0);
    float[] vector = themes.ofContent(item.contentId());
    assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
    assertThat(vector).containsExactly(embedder.embed(item.title() + ". " + item.description()), within(1e-6f));
    assertThat(themes.hasContent(item.contentId())).isTrue();
  }

  @Test
  void most_items_are_closest_to_their_own_category() {
    long own = catalog.items().stream()
        .filter(item -> argmax(themes.similarities(themes.ofContent(item.contentId()))) == item.category())
        .count();
    assertThat((double) own / catalog.size()).isGreaterThan(0.8);
  }

  @Test
  void returned_vectors_are_copies() {
    float[] focus = themes.of(Category.FOCUS);
    java.util.Arrays.fill(focus, 0f);
    assertThat(Vectors.norm(themes.of(Category.FOCUS))).isCloseTo(1.0, within(1e-5));
    String id = catalog.items().get(0).contentId();
    themes.ofContent(id)[0] = 99f;
    assertThat(Vectors.norm(themes.ofContent(id))).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void unknown_content_and_wrong_query_length_are_rejected() {
    assertThat(themes.hasContent("no-such-item")).isFalse();
    assertThatThrownBy(() -> themes.ofContent("no-such-item"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown content_id 'no-such-item'");
    assertThatThrownBy(() -> themes.similarities(new float[10]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query vector has 10 dimensions, theme vectors have 384");
  }

  @Test
  void a_category_without_content_has_no_vector_and_zero_similarity() {
    Catalog small = CatalogLoader.parse("""
        [{"content_id": "rain-1", "title": "Rain", "description": "sleep sleep", "category": "sleep",
          "themes": ["rain"], "duration_s": 600, "narrator": "none"},
         {"content_id": "study-1", "title": "Study", "description": "focus", "category": "focus",
          "themes": ["study"], "duration_s": 600, "narrator": "none"}]
        """, "test");
    ThemeVectors smallThemes = ThemeVectors.fromCatalog(small, new KeywordEmbedder());
    assertThat(smallThemes.of(Category.SLEEP)).containsExactly(1f, 0f, 0f);
    assertThatThrownBy(() -> smallThemes.of(Category.ANXIETY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the catalog has no content in category anxiety");
    Map<Category, Double> similarities = smallThemes.similarities(new float[] {0.6f, 0.8f, 0f});
    assertThat(similarities.keySet()).containsExactly(Category.values());
    assertThat(similarities.get(Category.SLEEP)).isCloseTo(0.6, within(1e-6));
    assertThat(similarities.get(Category.FOCUS)).isCloseTo(0.8, within(1e-6));
    assertThat(similarities.get(Category.ANXIETY)).isEqualTo(0.0);
  }

  /** Counts "sleep" and "focus" in a text; anything else goes to the third component. */
  private static final class KeywordEmbedder implements TextEmbedder {
    @Override
    public float[] embed(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      float sleep = lower.split("sleep", -1).length - 1;
      float focus = lower.split("focus", -1).length - 1;
      return Vectors.normalize(new float[] {sleep, focus, sleep + focus == 0 ? 1 : 0});
    }

    @Override
    public int dimension() {
      return 3;
    }
  }

  // --- helpers ---

  private static Category topCategory(String query) {
    Map<Category, Double> similarities = themes.similarities(embedder.embed(query));
    LOG.info(table(query));
    return argmax(similarities);
  }

  private static Category argmax(Map<Category, Double> similarities) {
    return similarities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** "query: focus 0.512, anxiety 0.401, …" best first, for logs and failure messages. */
  private static String table(String query) {
    return "'" + query + "': " + themes.similarities(embedder.embed(query)).entrySet().stream()
        .sorted(Map.Entry.<Category, Double>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey().wireName(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
