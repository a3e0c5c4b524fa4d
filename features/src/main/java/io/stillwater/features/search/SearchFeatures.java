package io.stillwater.features.search;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Turns a search query into its embedding and its similarity to each content theme. */
public final class SearchFeatures {

  private final TextEmbedder embedder;
  private final ThemeVectors themes;

  public SearchFeatures(TextEmbedder embedder, ThemeVectors themes) {
    this.embedder = embedder;
    this.themes = themes;
  }

  /**
   * Embedding a catalog takes about a second, and pipelines set up many workers per JVM: like the model
   * itself, the result is kept once per JVM, per catalog content.
   */
  private static final Map<List<ContentItem>, SearchFeatures> PER_CATALOG = new ConcurrentHashMap<>();

  /** With the shared MiniLM model and theme vectors embedded from the catalog (cached per JVM). */
  public static SearchFeatures withSharedModel(Catalog catalog) {
    return PER_CATALOG.computeIfAbsent(catalog.items(), items -> {
      MiniLmEmbedder embedder = MiniLmEmbedder.shared();
      return new SearchFeatures(embedder, ThemeVectors.fromCatalog(catalog, embedder));
    });
  }

  public float[] embed(String query) {
    return embedder.embed(query);
  }

  public Map<Category, Double> similarities(float[] queryVector) {
    return themes.similarities(queryVector);
  }

  public ThemeVectors themes() {
    return themes;
  }
}
