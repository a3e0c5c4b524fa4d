package io.stillwater.contract.catalog;

import java.util.List;

/**
 * One piece of content the app can recommend.
 *
 * @param themes tags from the category's vocabulary, most characteristic first
 * @param narrator the voice, or {@code none} for music and soundscapes
 */
public record ContentItem(
    String contentId,
    String title,
    String description,
    Category category,
    List<String> themes,
    int durationS,
    String narrator) {

  public ContentItem {
    themes = List.copyOf(themes);
  }

  public boolean hasTheme(String theme) {
    return themes.contains(theme);
  }
}
