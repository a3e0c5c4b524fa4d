package io.stillwater.simulator;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.event.Event;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates what a population of app users sends, one local day at a time. Each user-day draws from its own
 * random stream, so output depends only on the configuration, never on generation order.
 */
public final class Simulator {

  private final Catalog catalog;
  private final SimulationConfig config;
  private final List<SimulatedUser> users;
  private final ContentFit fit;
  private final FaultInjector faults;

  public Simulator(Catalog catalog, SimulationConfig config) {
    this.catalog = catalog;
    this.config = config;
    this.users = Population.draw(config);
    this.fit = new ContentFit(catalog, config.seed());
    this.faults = new FaultInjector(config.badRate(), config.endInstant());
  }

  public SimulationConfig config() {
    return config;
  }

  public List<SimulatedUser> users() {
    return users;
  }

  /**
   * Every user's lines for the given local calendar day (each user's own time zone), unordered. Users are
   * generated in parallel; each has its own random stream, so the result does not depend on scheduling.
   */
  void generateLocalDay(LocalDate day, Consumer<Emission> out) {
    List<List<Emission>> perUser = users.parallelStream().map(user -> {
      List<Event> events = new UserDay(user, day, config.seed(), catalog, fit).generate();
      SplittableRandom faultRng = Seeds.random(config.seed(), "faults", user.index(), day.toEpochDay());
      List<Emission> emissions = new ArrayList<>(events.size() + 8);
      faults.emit(user, events, faultRng, emissions::add);
      return emissions;
    }).toList();
    perUser.forEach(emissions -> emissions.forEach(out));
  }
}
