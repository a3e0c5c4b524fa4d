package io.stillwater.simulator;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventValidator;
import io.stillwater.contract.event.Validation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** A simulated history written to disk and read back, shared by the simulator's tests. */
final class SimulatedHistory {
  static final LocalDate END = LocalDate.of(2026, 11, 1);

  final Catalog catalog = CatalogLoader.loadDefault();
  final SimulationConfig config;
  final Simulator simulator;
  final SimulationSummary summary;
  final List<String> lines;
  final List<Event> accepted = new ArrayList<>();
  final List<Validation.Rejected> rejected = new ArrayList<>();
  final Map<String, Persona> personaOf;

  SimulatedHistory(Path dir, int users, int days, long seed) {
    config = new SimulationConfig(users, days, seed, END, SimulationConfig.DEFAULT_BAD_RATE);
    simulator = new Simulator(catalog, config);
    summary = new HistoryWriter(simulator, dir).write((date, n, done, total) -> {});
    lines = readLines(dir);
    EventValidator validator = new EventValidator(catalog.contentIds(), Clock.fixed(config.endInstant(), ZoneOffset.UTC));
    for (String line : lines) {
      Validation v = validator.validate(line);
      if (v instanceof Validation.Accepted a) {
        accepted.add(a.event());
      } else {
        rejected.add((Validation.Rejected) v);
      }
    }
    personaOf = simulator.users().stream().collect(Collectors.toMap(SimulatedUser::userId, SimulatedUser::persona));
  }

  static List<String> readLines(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> all = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          r.lines().forEach(all::add);
        }
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T extends Event> List<T> acceptedOf(Class<T> type) {
    return accepted.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <K> Map<K, Long> countBy(List<? extends Event> events, Function<Event, K> key) {
    return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }
}
