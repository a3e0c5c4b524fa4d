package io.stillwater.featurestore.generation;

/**
 * building: being loaded (or a load that never finished: incomplete, cannot be promoted); ready: loaded
 * completely; live: the one readers use; retired: was live, replaced, still intact in its slot (a rollback
 * target) until its slot is loaded again.
 */
public enum GenerationState {
  BUILDING,
  READY,
  LIVE,
  RETIRED;

  public String wireName() {
    return name().toLowerCase();
  }
}
