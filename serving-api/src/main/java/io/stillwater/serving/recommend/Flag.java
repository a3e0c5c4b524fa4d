package io.stillwater.serving.recommend;

import io.stillwater.contract.catalog.Category;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A list the app asks for, and the content categories it draws candidates from. */
public enum Flag {
  SLEEP(EnumSet.of(Category.SLEEP)),
  FOCUS(EnumSet.of(Category.FOCUS)),
  MOVEMENT(EnumSet.of(Category.MOVEMENT)),
  STRESS_RELIEF(EnumSet.of(Category.STRESS, Category.ANXIETY)),
  FOR_YOU(EnumSet.allOf(Category.class)),
  /**
   * Every category, ranked by the similarity of the item to the user's latest search times the model's completion
   * probability (no popularity term: the search decides what is relevant).
   */
  AFTER_SEARCH(EnumSet.allOf(Category.class));

  private final Set<Category> categories;
  private final String wireName = name().toLowerCase();

  Flag(Set<Category> categories) {
    this.categories = categories;
  }

  public Set<Category> categories() {
    return categories;
  }

  /** The name in requests and responses, e.g. {@code stress_relief}. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Flag> fromWireName(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
  }
}
