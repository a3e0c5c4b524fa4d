package io.stillwater.cli;

import io.stillwater.cli.retrain.RetrainCommand;
import io.stillwater.contract.catalog.CatalogException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./stillwater} entry point. */
@Command(
    name = "stillwater",
    mixinStandardHelpOptions = true,
    versionProvider = StillwaterCli.Version.class,
    description = "Real-time ML personalization for wellness apps.",
    footer = {
      "",
      "Commands that run from their own module's classpath (see the README):",
      "  backfill    Batch pipeline on the Spark runner: lake tables, training examples, snapshots.",
      "  train       Train, evaluate and publish the ranking model (TensorFlow Java), behind a promotion gate.",
      "  generation  Blue/green feature-store generations: list, load, verify, promote, rollback, stream-status.",
      "  serve       The recommendation API (Javalin) over the live generation and its model.",
      "  stream      The streaming pipeline on the Flink runner: live events into a slot of the online store.",
      "Run 'stillwater COMMAND --help' for any of them."
    },
    subcommands = {QuickstartCommand.class, RetrainCommand.class, SimulateCommand.class,
        CatalogCommand.class, QueryCommand.class,
        CommandLine.HelpCommand.class})
public final class StillwaterCli implements Runnable {

  /** Exit status for a bad argument or bad input named by the user (picocli's usage code). */
  public static final int USAGE = CommandLine.ExitCode.USAGE;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command; one of: quickstart, simulate, catalog, query, backfill, train, generation, serve");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one clear line and status 2 for bad arguments, no stack traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new StillwaterCli());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String command = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(command + ": " + ex.getMessage() + " (see '" + command + " --help')");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof IllegalArgumentException || ex instanceof CatalogException) {
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        return USAGE;
      }
      err.println(commandLine.getCommandSpec().qualifiedName() + " failed: " + ex);
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StillwaterCli.class.getPackage().getImplementationVersion();
      return new String[] {"stillwater " + (v == null ? "development build" : v)};
    }
  }
}
