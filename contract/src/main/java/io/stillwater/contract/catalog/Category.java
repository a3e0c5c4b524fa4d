package io.stillwater.contract.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a content item is for; the app's recommendation lists are drawn per category. */
public enum Category {
  SLEEP,
  MEDITATION,
  FOCUS,
  MOVEMENT,
  STRESS,
  ANXIETY;

  // Computed once: feature names and model inputs are built from it on every request.
  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name in data files and JSON, e.g. {@code sleep}. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Category> fromWireName(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
  }
}
