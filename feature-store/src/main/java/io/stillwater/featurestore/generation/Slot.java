package io.stillwater.featurestore.generation;

/** The two copies of the online store; one is live, the other is the standby being refreshed. */
public enum Slot {
  BLUE,
  GREEN;

  public String wireName() {
    return name().toLowerCase();
  }

  public Slot other() {
    return this == BLUE ? GREEN : BLUE;
  }

  public static Slot parse(String s) {
    for (Slot slot : values()) {
      if (slot.wireName().equalsIgnoreCase(s)) {
        return slot;
      }
    }
    throw new IllegalArgumentException("unknown slot '" + s + "' (blue or green)");
  }
}
