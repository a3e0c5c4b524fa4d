package io.stillwater.cli;

import io.stillwater.simulator.HistoryWriter;
import io.stillwater.simulator.SimulationConfig;
import io.stillwater.simulator.SimulationSummary;
import io.stillwater.simulator.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stillwater quickstart}: the platform on one machine with embedded defaults. It simulates a history into
 * the workspace, then backfills it on the Spark runner (lake tables, training examples, snapshots); later
 * stages (train, serve, stream) join as they land. The backfill runs as its own process from the pipelines
 * module's classpath, through the launcher, as any command would.
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
    out.println("[1/2] simulating an app history");
    SimulationConfig config = new SimulationConfig(users, days, seed, LocalDate.now(ZoneOffset.UTC), SimulationConfig.DEFAULT_BAD_RATE);
    long startNanos = System.nanoTime();
    SimulationSummary summary = new HistoryWriter(new Simulator(workspace.loadCatalog(), config), workspace.eventsDir())
        .write(Progress.toStderr(spec.commandLine().getErr()));
    SummaryReport.print(summary, Duration.ofNanos(System.nanoTime() - startNanos), out);

    out.println("[2/2] backfilling features on the Spark runner (local[2])");
    out.flush();
    int status = runLauncher("backfill", "--events", workspace.eventsDir().toString(), "--until", config.end().toString(),
        "--workspace", workspace.workspace().toString());
    if (status != 0) {
      spec.commandLine().getErr().println("stillwater quickstart: backfill failed with status " + status);
      return status;
    }
    out.println();
    out.println("Query the lake with SQL, e.g.:");
    out.println("  ./stillwater query \"SELECT category, avg(completed::INT) AS completion, count(*) FROM training GROUP BY 1\"");
    out.println("  ./stillwater query \"SELECT user_id, sleep_bounces_7d, steps_24h FROM user_snapshots ORDER BY 2 DESC LIMIT 5\"");
    out.flush();
    return 0;
  }

  /** Runs another stillwater command in its own process (its module's classpath), sharing this terminal. */
  private static int runLauncher(String... args) {
    String launcher = System.getProperty("stillwater.launcher");
    if (launcher == null) {
      throw new IllegalStateException("quickstart runs through ./stillwater, which tells it where the launcher is");
    }
    List<String> command = new ArrayList<>(List.of(launcher));
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + launcher, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
