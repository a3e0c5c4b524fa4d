package io.stillwater.cli;

import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The few lines a person wants after a simulation. */
final class SummaryReport {
  private SummaryReport() {}

  static void print(SimulationSummary s, Duration took, PrintWriter out) {
    out.printf("Simulated %d users from %s to %s (seed %d) into %s%n", s.users(), s.start(), s.end().minusDays(1), s.seed(), s.out());
    out.printf("  took %.1f s: %,.0f lines/s%n", took.toMillis() / 1000.0, s.lines() / Math.max(0.001, took.toMillis() / 1000.0));
    out.printf("  %,d lines in %d daily files: %,d good events, %,d faulty lines%n",
        s.lines(), s.files().size(), s.goodEvents(), s.lines() - s.goodEvents());
    out.printf("  events: %s%n", join(new TreeMap<>(s.eventsByType())));
    out.printf("  faults: %s%n", s.faults().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
        .collect(Collectors.joining(", ")));
    out.printf("  personas: %s%n", s.usersByPersona().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
        .collect(Collectors.joining(", ")));
    out.printf("  manifest: %s%n", s.out().resolve(HistoryWriter.MANIFEST));
    out.flush();
  }

  private static String join(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
