package io.stillwater.simulator;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a simulation wrote; also saved as {@code _simulation.json} beside the data.
 *
 * @param lines every line written, good and faulty
 * @param goodEvents distinct valid events (duplicates not counted again)
 * @param faults faulty inputs by kind (late arrivals are good events that came late)
 * @param outsideRange events generated but falling outside [start, end), not written
 */
public record SimulationSummary(
    Path out,
    LocalDate start,
    LocalDate end,
    int users,
    long seed,
    long lines,
    long goodEvents,
    Map<Fault, Long> faults,
    Map<String, Long> eventsByType,
    Map<Persona, Long> usersByPersona,
    long outsideRange,
    List<Path> files) {}
