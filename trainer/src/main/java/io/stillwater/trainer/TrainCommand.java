package io.stillwater.trainer;

import io.stillwater.contract.catalog.CatalogException;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.trainer.registry.S3ModelPublisher;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./stillwater train}: trains the ranking model on the lake's training table, evaluates it on the last days,
 * and publishes it to {@code <workspace>/models/} if it passes the promotion gate. Runs from the trainer module's
 * own classpath (TensorFlow stays out of the light CLI). Exit status: 0 published (the model id is the last line),
 * 1 rejected by the gate (which check, by how much), 2 bad arguments or unusable data.
 */
@Command(
    name = "stillwater train",
    mixinStandardHelpOptions = true,
    versionProvider = TrainCommand.Version.class,
    description = {
      "Train the ranking model (TensorFlow) on <workspace>/lake/training, evaluate it on the held-out last days "
          + "against the popularity baseline (and the live model with --live), and publish it to "
          + "<workspace>/models/<model_id>/ only if it passes the promotion gate.",
      "Prints progress per epoch, the evaluation table, and the new model id as the last line."
    })
public final class TrainCommand implements Callable<Integer> {

  public static final int USAGE = CommandLine.ExitCode.USAGE;
  public static final int REJECTED = 1;

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "workspace",
      description = "Workspace with lake/training and models/ (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--publish-to", paramLabel = "s3://BUCKET/PREFIX",
      description = "Also copy an accepted model to this S3 model registry (e.g. \"$STILLWATER_MODELS\"), model.json last.")
  String publishTo;

  @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:STILLWATER_S3_ENDPOINT}",
      description = "S3 endpoint of an S3-compatible store, path-style (default: AWS).")
  URI s3Endpoint;

  @Option(names = "--aws-region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region for --publish-to (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--catalog", paramLabel = "FILE", description = "A content catalog (JSON) replacing the shipped one.")
  Optional<Path> catalog = Optional.empty();

  @Option(names = "--from", paramLabel = "DATE", converter = DateConverter.class,
      description = "First day of data (UTC, inclusive; default: the earliest session in the lake).")
  LocalDate from;

  @Option(names = "--until", paramLabel = "DATE", converter = DateConverter.class,
      description = "End of data (UTC midnight, exclusive; default: the day after the latest session).")
  LocalDate until;

  @Option(names = "--holdout-days", paramLabel = "N", defaultValue = "2",
      description = "The last N days before --until are held out for evaluation (default: ${DEFAULT-VALUE}).")
  int holdoutDays;

  @Option(names = "--live", paramLabel = "MODEL_ID", description = "The live model: the new one must not be worse than it beyond --live-tolerance.")
  Optional<String> live = Optional.empty();

  @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "30", description = "Epoch limit (early stopping usually ends sooner; default: ${DEFAULT-VALUE}).")
  int maxEpochs;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed for weights and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--min-auc-lift", paramLabel = "X", defaultValue = "0.02", description = "Required AUC over popularity (default: ${DEFAULT-VALUE}).")
  double minAucLift;

  @Option(names = "--min-ndcg-lift", paramLabel = "X", defaultValue = "0.0", description = "Required NDCG@10 over popularity (default: ${DEFAULT-VALUE}).")
  double minNdcgLift;

  @Option(names = "--live-tolerance", paramLabel = "X", defaultValue = "0.01",
      description = "How much worse than the live model (AUC, NDCG@10) is still accepted (default: ${DEFAULT-VALUE}).")
  double liveTolerance;

  @Option(names = "--check", paramLabel = "MODEL_ID",
      description = "Do not train: load the registered model and score a smoke set (retrain's verify step).")
  String check;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (check != null) {
      ModelSmokeCheck.Result r = ModelSmokeCheck.run(workspace, check);
      (r.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(
          r.ok() ? r.message() : "stillwater train --check: model " + check + " failed: " + r.message());
      return r.ok() ? 0 : REJECTED;
    }
    if (holdoutDays < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--holdout-days must be at least 1, got " + holdoutDays);
    }
    if (maxEpochs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-epochs must be at least 1, got " + maxEpochs);
    }
    Optional<S3Location> publishS3 = Optional.ofNullable(publishTo).map(p -> S3Location.parse("--publish-to", p));
    PrintWriter out = spec.commandLine().getOut();
    Path trainingDir = workspace.resolve("lake").resolve("training");
    Instant fromTs;
    Instant untilTs;
    if (from == null || until == null) {
      Instant[] coverage = TrainingData.coverage(trainingDir);
      fromTs = from != null ? midnight(from) : midnight(coverage[0].atZone(ZoneOffset.UTC).toLocalDate());
      untilTs = until != null ? midnight(until) : midnight(coverage[1].atZone(ZoneOffset.UTC).toLocalDate().plusDays(1));
    } else {
      fromTs = midnight(from);
      untilTs = midnight(until);
    }
    Instant holdoutStart = untilTs.minus(Duration.ofDays(holdoutDays));
    if (!fromTs.isBefore(holdoutStart)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no training days: --from " + fromTs
          + " is not before the held-out range, which starts " + holdoutStart + " (--until minus --holdout-days)");
    }
    TrainingRun.Request req = new TrainingRun.Request(workspace, fromTs, untilTs, holdoutStart, live,
        Trainer.Options.defaults().withMaxEpochs(maxEpochs).withSeed(seed),
        new PromotionGate.Thresholds(minAucLift, minNdcgLift, liveTolerance, liveTolerance),
        CatalogLoader.load(catalog));
    TrainingRun.Outcome outcome = TrainingRun.run(req, out);
    if (!outcome.promoted()) {
      PrintWriter err = spec.commandLine().getErr();
      for (PromotionGate.Check c : outcome.decision().failed()) {
        err.println("stillwater train: model " + outcome.modelId() + " rejected: " + c.describe());
      }
      err.flush();
      return REJECTED;
    }
    if (publishS3.isPresent()) {
      try (var s3 = new S3Settings(Optional.ofNullable(s3Endpoint), region).client()) {
        S3Location at = new S3ModelPublisher(s3, publishS3.get()).publish(ModelRegistry.inWorkspace(workspace).dir(outcome.modelId()));
        spec.commandLine().getErr().println("stillwater train: model " + outcome.modelId() + " published to " + at);
      }
    }
    out.println(outcome.modelId());
    out.flush();
    return 0;
  }

  static Instant midnight(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one clear line and status 2 for bad arguments, no stack traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TrainCommand());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String command = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(command + ": " + TrainingData.firstLine(ex.getMessage()) + " (see '" + command + " --help')");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String command = commandLine.getCommandSpec().qualifiedName();
      if (ex instanceof IllegalArgumentException || ex instanceof CatalogException) {
        err.println(command + ": " + TrainingData.firstLine(ex.getMessage()));
        return USAGE;
      }
      err.println(command + " failed: " + TrainingData.firstLine(String.valueOf(ex)));
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("not a date (YYYY-MM-DD): '" + value + "'");
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TrainCommand.class.getPackage().getImplementationVersion();
      return new String[] {"stillwater " + (v == null ? "development build" : v)};
    }
  }
}
