package io.stillwater.features.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

  /** Loaded once for the class (~1 s); each test wraps it in an embedder with a fresh cache. */
  private static EmbeddingModel model;

  @BeforeAll
  static void loadModel() {
    model = MiniLmEmbedder.loadModel();
  }

  @AfterAll
  static void releaseModel() {
    model = null;
  }

  private static MiniLmEmbedder embedder(int cacheCapacity) {
    return new MiniLmEmbedder(model, cacheCapacity);
  }

  @Test
  void vectors_have_384_dimensions_and_unit_length() {
    MiniLmEmbedder embedder = embedder(MiniLmEmbedder.DEFAULT_CACHE_CAPACITY);
    assertThat(embedder.dimension()).isEqualTo(384);
    for (String text : List.of("cramming for finals", "can't fall asleep", "x",
        "A much longer text: " + "slow breathing before bed, ".repeat(80))) {
      float[] vector = embedder.embed(text);
      assertThat(vector).hasSize(384);
      assertThat(Vectors.norm(vector)).as(text).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void the_same_text_gives_equal_vectors_with_and_without_the_cache() {
    MiniLmEmbedder uncached = embedder(0);
    MiniLmEmbedder cached = embedder(100);
    float[] first = uncached.embed("waking up at 3am");
    assertThat(uncached.embed("waking up at 3am")).isEqualTo(first);
    assertThat(cached.embed("waking up at 3am")).isEqualTo(first);
    assertThat(cached.embed("waking up at 3am")).isEqualTo(first);
    assertThat(uncached.cacheHits()).isZero();
    assertThat(cached.cacheHits()).isEqualTo(1);
    assertThat(cached.cacheMisses()).isEqualTo(1);
  }

  @Test
  void different_texts_give_different_vectors() {
    MiniLmEmbedder embedder = embedder(100);
    float[] exam = embedder.embed("preparing for exam");
    float[] run = embedder.embed("post run stretch");
    assertThat(run).isNotEqualTo(exam);
    assertThat(Vectors.cosine(exam, run)).isLessThan(0.5);
  }

  @Test
  void related_texts_are_closer_than_unrelated_ones() {
    MiniLmEmbedder embedder = embedder(100);
    float[] query = embedder.embed("cramming for finals");
    double focus = Vectors.cosine(query, embedder.embed("A focus session for exam revision"));
    double sleep = Vectors.cosine(query, embedder.embed("Rain sounds for sleep"));
    assertThat(focus).isGreaterThan(sleep + 0.2);
  }

  @Test
  void surrounding_whitespace_and_case_do_not_change_the_vector_and_share_one_cache_entry() {
    MiniLmEmbedder embedder = embedder(100);
    float[] a = embedder.embed("Cramming for finals ");
    float[] b = embedder.embed("cramming for finals");
    float[] c = embedder.embed("\tCRAMMING FOR FINALS\n");
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
    assertThat(embedder.cacheSize()).isEqualTo(1);
    assertThat(embedder.cacheMisses()).isEqualTo(1);
    assertThat(embedder.cacheHits()).isEqualTo(2);
    // Canonicalizing is lossless for this model: its tokenizer is uncased.
    assertThat(Vectors.cosine(model.embed("Cramming for finals ").content().vector(), a))
        .isCloseTo(1.0, within(1e-5));
  }

  @Test
  void mutating_a_returned_vector_does_not_change_the_next_result() {
    MiniLmEmbedder embedder = embedder(100);
    float[] first = embedder.embed("overwhelmed at work");
    float[] pristine = first.clone();
    java.util.Arrays.fill(first, 42f);
    float[] second = embedder.embed("overwhelmed at work");
    assertThat(second).isEqualTo(pristine);
    assertThat(embedder.cacheHits()).isEqualTo(1);
    second[0] = -7f;
    assertThat(embedder.embed("overwhelmed at work")).isEqualTo(pristine);
  }

  @Test
  void the_cache_keeps_the_most_recently_used_texts_up_to_its_capacity() {
    MiniLmEmbedder embedder = embedder(2);
    embedder.embed("one");
    embedder.embed("two");
    embedder.embed("one"); // hit: "two" is now the least recently used
    embedder.embed("three"); // evicts "two"
    assertThat(embedder.cacheSize()).isEqualTo(2);
    assertThat(embedder.cacheHits()).isEqualTo(1);
    embedder.embed("one");
    assertThat(embedder.cacheHits()).isEqualTo(2);
    embedder.embed("two");
    assertThat(embedder.cacheMisses()).isEqualTo(4);
  }

  @Test
  void texts_longer_than_the_cache_limit_are_embedded_but_not_cached() {
    MiniLmEmbedder embedder = embedder(100);
    String longText = "a very long description of a calm evening. ".repeat(30);
    assertThat(longText.strip().length()).isGreaterThan(MiniLmEmbedder.MAX_CACHED_TEXT_LENGTH);
    float[] first = embedder.embed(longText);
    assertThat(embedder.embed(longText)).isEqualTo(first);
    assertThat(embedder.cacheSize()).isZero();
    assertThat(embedder.cacheMisses()).isEqualTo(2);
  }

  @Test
  void blank_and_null_texts_are_rejected() {
    MiniLmEmbedder embedder = embedder(100);
    assertThatThrownBy(() -> embedder.embed("  \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot embed empty or blank text");
    assertThatThrownBy(() -> embedder.embed("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> embedder.embed(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrent_callers_get_the_same_vectors_as_a_single_caller() throws Exception {
    List<String> texts = List.of("can't fall asleep", "post run stretch", "panic attack help",
        "preparing for exam", "tight hamstrings after running", "my heart is racing");
    MiniLmEmbedder reference = embedder(0);
    List<float[]> expected = texts.stream().map(reference::embed).toList();
    MiniLmEmbedder shared = embedder(3); // small, so threads also race on eviction
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int index = i % texts.size();
        results.add(pool.submit(() -> java.util.Arrays.equals(shared.embed(texts.get(index)), expected.get(index))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shared.cacheHits() + shared.cacheMisses()).isEqualTo(400);
    assertThat(shared.cacheSize()).isLessThanOrEqualTo(3);
  }
}
