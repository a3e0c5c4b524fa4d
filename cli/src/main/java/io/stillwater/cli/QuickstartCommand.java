package io.stillwater.cli;

import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.SimulationSummary;
import io.stillwater.simulator.Simulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stillwater quickstart}: the platform on one machine with embedded defaults. For now it simulates a
 * history into the workspace and summarizes it; later stages (backfill, train, serve, stream) join as they
 * land.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run Stillwater on this machine with embedded defaults (no servers, no cloud account).")
final class QuickstartCommand implements Callable<Integer> {

  @Mixin WorkspaceOptions workspace;

  @Option(names = "--users", defaultValue = "300", description = "Simulated users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "14", description = "Days of simulated history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Stillwater quickstart in %s%n", workspace.workspace().toAbsolutePath().normalize());
    out.println("[1/1] simulating an app history");
    SimulationConfig config = new SimulationConfig(users, days, seed, LocalDate.now(ZoneOffset.UTC), SimulationConfig.DEFAULT_BAD_RATE);
    long startNanos = System.nanoTime();
    SimulationSummary summary = new HistoryWriter(new Simulator(workspace.loadCatalog(), config), workspace.eventsDir())
        .write(Progress.toStderr(spec.commandLine().getErr()));
    SummaryReport.print(summary, Duration.ofNanos(System.nanoTime() - startNanos), out);
    out.println();
    out.println("Look at it with any JSON-lines tool, e.g.:");
    out.printf("  zcat %s/date=*/events.jsonl.gz | head -3%n", workspace.eventsDir());
    out.flush();
    return 0;
  }
}
