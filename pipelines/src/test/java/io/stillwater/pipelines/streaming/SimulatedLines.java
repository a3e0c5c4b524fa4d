package io.stillwater.pipelines.streaming;

import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The simulator's event lines in memory, in file (date) order, for feeding a stream. */
final class SimulatedLines {

  /** Histories end here (exclusive): all in the past for a wall-clock validator. */
  static final LocalDate END = LocalDate.of(2026, 11, 20);

  private SimulatedLines() {}

  static List<String> generate(Path scratch, int users, int days, long seed, double badRate) {
    Simulator simulator = new Simulator(CatalogLoader.loadDefault(), new SimulationConfig(users, days, seed, END, badRate));
    new HistoryWriter(simulator, scratch).write((date, lines, done, total) -> {});
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          r.lines().filter(l -> !l.isBlank()).forEach(lines::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
