package io.stillwater.contract.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The content the app can recommend, in file order, looked up by id. Immutable. */
public final class Catalog {

  private final List<ContentItem> items;
  private final Map<String, ContentItem> byId;

  Catalog(List<ContentItem> items) {
    this.items = List.copyOf(items);
    Map<String, ContentItem> index = new LinkedHashMap<>();
    for (ContentItem item : this.items) {
      if (index.putIfAbsent(item.contentId(), item) != null) {
        throw new IllegalArgumentException("duplicate content_id " + item.contentId());
      }
    }
    this.byId = Collections.unmodifiableMap(index);
  }

  public List<ContentItem> items() {
    return items;
  }

  public List<ContentItem> inCategory(Category category) {
    return items.stream().filter(i -> i.category() == category).toList();
  }

  public Optional<ContentItem> find(String contentId) {
    return Optional.ofNullable(byId.get(contentId));
  }

  public Set<String> contentIds() {
    return byId.keySet();
  }

  public int size() {
    return items.size();
  }
}
