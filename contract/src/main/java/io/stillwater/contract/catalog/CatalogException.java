package io.stillwater.contract.catalog;

import java.util.List;

/** A catalog file that cannot be used, with every problem found (each names the item and field). */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public CatalogException(String source, List<String> problems) {
    super("invalid catalog " + source + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
