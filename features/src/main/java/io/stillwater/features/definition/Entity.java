package io.stillwater.features.definition;

/** What a feature describes, and so how it is keyed in the store. */
public enum Entity {
  USER,
  CONTENT,
  /** A user-content pair at a moment: computed when scoring, from the user's and the item's features. */
  CONTEXT;

  public String wireName() {
    return name().toLowerCase();
  }
}
