package io.stillwater.featurestore.generation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The whole registry as one document: every generation, the live pointer and the previous live one. Each
 * change writes a new document with {@code version + 1}, compare-and-set on the version.
 */
public record RegistryState(
    @JsonProperty("version") long version,
    @JsonProperty("live") int live,
    @JsonProperty("previous_live") int previousLive,
    @JsonProperty("generations") List<Generation> generations) {

  public static final RegistryState EMPTY = new RegistryState(0, 0, 0, List.of());

  public RegistryState {
    generations = List.copyOf(generations);
  }

  public Optional<Generation> generation(int number) {
    return generations.stream().filter(g -> g.number() == number).findFirst();
  }

  @JsonIgnore
  public Optional<Generation> liveGeneration() {
    return live == 0 ? Optional.empty() : generation(live);
  }

  /** The slot not live (blue when nothing is live yet). */
  @JsonIgnore
  public Slot standbySlot() {
    return liveGeneration().map(g -> g.slot().other()).orElse(Slot.BLUE);
  }

  /** The newest generation in a slot: the one whose data the slot holds. */
  public Optional<Generation> occupant(Slot slot) {
    return generations.stream().filter(g -> g.slot() == slot).max(Comparator.comparingInt(Generation::number));
  }

  @JsonIgnore
  public int nextNumber() {
    return generations.stream().mapToInt(Generation::number).max().orElse(0) + 1;
  }

  RegistryState next(int newLive, int newPrevious, List<Generation> gens) {
    return new RegistryState(version + 1, newLive, newPrevious, gens);
  }

  RegistryState replacing(Generation g) {
    List<Generation> gens = new ArrayList<>();
    boolean found = false;
    for (Generation x : generations) {
      if (x.number() == g.number()) {
        gens.add(g);
        found = true;
      } else {
        gens.add(x);
      }
    }
    if (!found) {
      gens.add(g);
    }
    return next(live, previousLive, gens);
  }
}
