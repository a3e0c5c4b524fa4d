package io.stillwater.features.search;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic anchors for the search features: one unit vector per content {@link Category} and one per content
 * item, embedded from the catalog.
 *
 * <p>An item's vector is the normalized embedding of {@code title + ". " + description}. A category's vector
 * is the normalized mean of its items' vectors. Bare theme words ("focus", "sleep") make weak anchors for a
 * sentence model; whole descriptions carry the situations people actually search for ("cramming for
 * finals", "waking up at 3am"), so the anchors are built from them. Replacing the catalog therefore changes
 * the anchors: rebuild this object (and retrain) when the catalog changes.
 *
 * <p>Immutable and thread-safe once built; every accessor returns a copy.
 */
public final class ThemeVectors {

  private static final Logger LOG = LoggerFactory.getLogger(ThemeVectors.class);

  private final int dimension;
  private final Map<Category, float[]> byCategory; // only categories that have content
  private final Map<String, float[]> byContentId;

  private ThemeVectors(int dimension, Map<Category, float[]> byCategory, Map<String, float[]> byContentId) {
    this.dimension = dimension;
    this.byCategory = byCategory;
    this.byContentId = byContentId;
  }

  /**
   * Embeds every catalog item once (about 3 ms each with {@link MiniLmEmbedder}) and derives the category
   * vectors. A category with no items has no vector: {@link #of} rejects it and {@link #similarities} gives
   * it 0.0.
   */
  public static ThemeVectors fromCatalog(Catalog catalog, TextEmbedder embedder) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(embedder, "embedder");
    long start = System.nanoTime();
    Map<String, float[]> items = new LinkedHashMap<>();
    Map<Category, List<float[]>> members = new EnumMap<>(Category.class);
    for (ContentItem item : catalog.items()) {
      float[] vector = Vectors.normalize(embedder.embed(itemText(item)));
      if (vector.length != embedder.dimension()) {
        throw new IllegalStateException("embedder returned " + vector.length + " dimensions for "
            + item.contentId() + " but declares " + embedder.dimension());
      }
      items.put(item.contentId(), vector);
      members.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(vector);
    }
    Map<Category, float[]> categories = new EnumMap<>(Category.class);
    for (Category category : Category.values()) {
      List<float[]> vectors = members.get(category);
      if (vectors == null) {
        LOG.warn("The catalog has no content in category {}: its theme similarity will always be 0",
            category.wireName());
      } else {
        categories.put(category, Vectors.normalize(Vectors.mean(vectors)));
      }
    }
    LOG.info("Embedded {} catalog items into {} theme vectors in {} ms", items.size(), categories.size(),
        (System.nanoTime() - start) / 1_000_000);
    return new ThemeVectors(embedder.dimension(), Collections.unmodifiableMap(categories),
        Collections.unmodifiableMap(items));
  }

  /** The text embedded for a content item. */
  static String itemText(ContentItem item) {
    return item.title() + ". " + item.description();
  }

  /**
   * The unit vector of {@code category}.
   *
   * @throws IllegalArgumentException if the catalog has no content in that category
   */
  public float[] of(Category category) {
    float[] vector = byCategory.get(Objects.requireNonNull(category, "category"));
    if (vector == null) {
      throw new IllegalArgumentException("the catalog has no content in category " + category.wireName());
    }
    return vector.clone();
  }

  /**
   * The unit vector of one content item (its title and description).
   *
   * @throws IllegalArgumentException if the id is not in the catalog these vectors were built from
   */
  public float[] ofContent(String contentId) {
    float[] vector = byContentId.get(Objects.requireNonNull(contentId, "contentId"));
    if (vector == null) {
      throw new IllegalArgumentException("unknown content_id '" + contentId + "'");
    }
    return vector.clone();
  }

  /**
   * {@code Vectors.cosine(queryVector, ofContent(contentId))} without copying the item's vector (the serving API
   * computes it for every candidate of every request).
   *
   * @throws IllegalArgumentException if the id is not in the catalog these vectors were built from
   */
  public double contentSimilarity(float[] queryVector, String contentId) {
    float[] vector = byContentId.get(Objects.requireNonNull(contentId, "contentId"));
    if (vector == null) {
      throw new IllegalArgumentException("unknown content_id '" + contentId + "'");
    }
    return Vectors.cosine(queryVector, vector);
  }

  /** Whether {@link #ofContent} knows {@code contentId}. */
  public boolean hasContent(String contentId) {
    return byContentId.containsKey(contentId);
  }

  /**
   * The cosine similarity of {@code queryVector} to every category, in {@link Category} order; 0.0 for a
   * category without content.
   *
   * @throws IllegalArgumentException if the vector's length is not {@link #dimension()}
   */
  public Map<Category, Double> similarities(float[] queryVector) {
    Objects.requireNonNull(queryVector, "queryVector");
    if (queryVector.length != dimension) {
      throw new IllegalArgumentException(
          "query vector has " + queryVector.length + " dimensions, theme vectors have " + dimension);
    }
    Map<Category, Double> similarities = new EnumMap<>(Category.class);
    for (Category category : Category.values()) {
      float[] theme = byCategory.get(category);
      similarities.put(category, theme == null ? 0.0 : Vectors.cosine(queryVector, theme));
    }
    return similarities;
  }

  /** The length of every vector here (the embedder's dimension). */
  public int dimension() {
    return dimension;
  }
}
