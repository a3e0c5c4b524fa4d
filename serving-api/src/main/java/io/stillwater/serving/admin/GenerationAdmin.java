package io.stillwater.serving.admin;

import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.GenerationRegistry;
import io.stillwater.featurestore.generation.RegistryRefusal;
import io.stillwater.featurestore.generation.RegistryState;
import io.stillwater.featurestore.generation.Slot;

/**
 * The generation registry's operator actions as the API offers them, by slot: promote the generation a slot
 * holds, or roll back to the one it held when it was last live. Each is a compare-and-set against the live
 * generation the caller saw (or the current one), so two operators cannot both flip.
 */
public final class GenerationAdmin {

  private final GenerationRegistry registry;

  public GenerationAdmin(GenerationRegistry registry) {
    this.registry = registry;
  }

  public RegistryState state() {
    return registry.read();
  }

  /**
   * Makes the generation in {@code slot} live.
   *
   * @param expectedLive the live generation the caller saw; null: whatever is live now
   * @throws RegistryRefusal with the reason when the slot is empty, the generation is not ready and verified, or
   *     the live generation moved
   */
  public RegistryState promote(Slot slot, Integer expectedLive) {
    RegistryState s = registry.read();
    Generation g = s.occupant(slot)
        .orElseThrow(() -> new RegistryRefusal("slot " + slot.wireName() + " holds no generation"));
    return registry.promote(g.number(), expectedLive == null ? s.live() : expectedLive);
  }

  /**
   * Makes the previous live generation live again; it must be in {@code slot} (the caller names where traffic
   * goes back to, so a stale click cannot flip the other way).
   */
  public RegistryState rollback(Slot slot, Integer expectedLive) {
    RegistryState s = registry.read();
    Generation previous = s.generation(s.previousLive())
        .orElseThrow(() -> new RegistryRefusal("no previous live generation to roll back to"));
    if (previous.slot() != slot) {
      throw new RegistryRefusal("the previous live generation " + previous.number() + " is in slot "
          + previous.slot().wireName() + ", not " + slot.wireName());
    }
    return registry.rollback(expectedLive == null ? s.live() : expectedLive);
  }
}
