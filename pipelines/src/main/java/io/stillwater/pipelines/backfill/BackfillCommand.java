package io.stillwater.pipelines.backfill;

import io.stillwater.contract.catalog.CatalogException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./stillwater backfill}: the batch pipeline from the command line. The launcher runs this class from the
 * pipelines module's own classpath (Spark and its JVM flags stay out of the light CLI).
 */
@Command(
    name = "stillwater backfill",
    mixinStandardHelpOptions = true,
    versionProvider = BackfillCommand.Version.class,
    description = {
      "Rebuild the lake from an event history: validate, de-duplicate and archive events before --until as "
          + "Parquet (<workspace>/lake/events/), dead-letter every invalid line with its reason "
          + "(<workspace>/lake/dead_letter/), and write a manifest of the run with its counts.",
      "Prints read = accepted + dead-lettered + duplicates, which always holds."
    })
public final class BackfillCommand implements Callable<Integer> {

  /** Exit status for a bad argument or bad input named by the user (as the light CLI). */
  public static final int USAGE = CommandLine.ExitCode.USAGE;

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

  enum Runner {
    spark("SparkRunner"),
    direct("DirectRunner");

    final String beamName;

    Runner(String beamName) {
      this.beamName = beamName;
    }
  }

  @Option(names = "--events", required = true, paramLabel = "DIR|GLOB|FILE",
      description = "Raw events: a directory (every *.jsonl and *.jsonl.gz under it), a glob, or one file; local or s3://.")
  String events;

  @Option(names = "--until", required = true, paramLabel = "TIME", converter = UntilConverter.class,
      description = "Watermark: events before it are archived, later ones counted and left out. "
          + "An ISO-8601 instant (2026-11-28T06:00:00Z) or a date (midnight UTC).")
  Instant until;

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "workspace",
      description = "Root the lake goes under, <workspace>/lake (local or s3://; default: ${DEFAULT-VALUE}).")
  String workspace;

  @Option(names = "--catalog", paramLabel = "FILE", description = "A content catalog (JSON) replacing the shipped one.")
  Optional<Path> catalog = Optional.empty();

  @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "spark",
      description = "spark (Beam's Spark runner) or direct (Beam's DirectRunner) (default: ${DEFAULT-VALUE}).")
  Runner runner;

  @Option(names = "--spark-master", paramLabel = "MASTER", defaultValue = "local[2]",
      description = "Spark master for --runner spark (default: ${DEFAULT-VALUE}).")
  String sparkMaster;

  @Parameters(paramLabel = "BEAM_OPTION", arity = "0..*",
      description = "Further Beam pipeline options after --, e.g. -- --shardsPerDate=4 --awsRegion=eu-west-1.")
  List<String> beamOptions = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    BackfillOptions options = options();
    BackfillResult result = BackfillPipeline.run(options);
    BackfillReport.print(result, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return result.ok() ? 0 : CommandLine.ExitCode.SOFTWARE;
  }

  /** The Beam options this command stands for; a bad one is a usage error. */
  BackfillOptions options() {
    List<String> args = new ArrayList<>();
    args.add("--events=" + events);
    args.add("--until=" + until);
    args.add("--lake=" + lakeUnder(workspace));
    args.add("--runner=" + runner.beamName);
    if (runner == Runner.spark) {
      args.add("--sparkMaster=" + sparkMaster);
    }
    catalog.ifPresent(c -> args.add("--catalog=" + c.toAbsolutePath()));
    args.addAll(beamOptions);
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(BackfillOptions.class);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), firstLine(e.getMessage()));
    }
  }

  static String lakeUnder(String workspace) {
    if (SCHEME.matcher(workspace).find() && !workspace.startsWith("file://")) {
      return workspace.replaceAll("/+$", "") + "/lake";
    }
    String local = workspace.startsWith("file://") ? workspace.substring("file://".length()) : workspace;
    return Path.of(local).toAbsolutePath().normalize().resolve("lake").toString();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one clear line and status 2 for bad arguments, no stack traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BackfillCommand());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String command = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(command + ": " + firstLine(ex.getMessage()) + " (see '" + command + " --help')");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String command = commandLine.getCommandSpec().qualifiedName();
      if (ex instanceof IllegalArgumentException || ex instanceof CatalogException) {
        err.println(command + ": " + firstLine(ex.getMessage()));
        return USAGE;
      }
      err.println(command + " failed: " + firstLine(rootCause(ex).toString()));
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** {@code --until} is checked while parsing, so a bad time is a one-line usage error before anything starts. */
  static final class UntilConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Watermark.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BackfillCommand.class.getPackage().getImplementationVersion();
      return new String[] {"stillwater " + (v == null ? "development build" : v)};
    }
  }
}
