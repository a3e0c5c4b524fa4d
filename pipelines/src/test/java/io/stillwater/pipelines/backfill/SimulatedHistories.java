package io.stillwater.pipelines.backfill;

import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.simulator.Fault;
import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.SimulationSummary;
import io.stillwater.simulator.Simulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Realistic input for backfill tests: the simulator's histories, faults included, and options to run on them. */
final class SimulatedHistories {

  /** Histories end here (exclusive); runs "start" a few hours later, so nothing in them is in the future. */
  static final LocalDate END = LocalDate.of(2026, 11, 28);
  static final String STARTED_AT = "2026-11-28T06:00:00Z";

  private SimulatedHistories() {}

  static SimulationSummary write(Path dir, int users, int days, long seed, double badRate) {
    Simulator simulator = new Simulator(CatalogLoader.loadDefault(), new SimulationConfig(users, days, seed, END, badRate));
    return new HistoryWriter(simulator, dir).write((date, lines, done, total) -> {});
  }

  /** Lines the validator must reject: every invalid kind of fault the simulator injected. */
  static long invalidLines(SimulationSummary s) {
    return s.faults().entrySet().stream().filter(e -> e.getKey().invalid()).mapToLong(e -> e.getValue()).sum();
  }

  static long duplicates(SimulationSummary s) {
    return s.faults().get(Fault.DUPLICATE);
  }

  static BackfillOptions options(String runner, Path events, Path lake, String until, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--runner=" + runner, "--events=" + events, "--lake=" + lake, "--until=" + until, "--startedAt=" + STARTED_AT));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(BackfillOptions.class);
  }
}
