package io.stillwater.featurestore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.featurestore.StoreLocation;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.GenerationLoader;
import io.stillwater.featurestore.generation.GenerationState;
import io.stillwater.featurestore.generation.GenerationVerifier;
import io.stillwater.featurestore.generation.RegistryRefusal;
import io.stillwater.featurestore.generation.RegistryState;
import io.stillwater.featurestore.generation.SampledValues;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.snapshot.Snapshot;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./stillwater generation list | load | verify | promote | rollback | stream-status}: the blue/green
 * generations of the online store. A bad argument prints one line and exits 2; a refusal prints why in one line and exits 1.
 */
@Command(
    name = "stillwater generation",
    mixinStandardHelpOptions = true,
    description = "Blue/green generations of the online feature store: load the standby slot, verify, flip, roll back.",
    subcommands = {GenerationCommand.ListCmd.class, GenerationCommand.LoadCmd.class, GenerationCommand.VerifyCmd.class,
        GenerationCommand.PromoteCmd.class, GenerationCommand.RollbackCmd.class, StreamStatusCommand.class,
        CommandLine.HelpCommand.class})
public final class GenerationCommand implements Runnable {

  /** Exit status of a refusal (the operation was understood and declined). */
  public static final int REFUSED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command; one of: list, load, verify, promote, rollback, stream-status");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new GenerationCommand());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String command = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(command + ": " + ex.getMessage() + " (see '" + command + " --help')");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String command = commandLine.getCommandSpec().qualifiedName();
      if (ex instanceof RegistryRefusal) {
        err.println(command + ": refused: " + ex.getMessage());
        return REFUSED;
      }
      if (ex instanceof IllegalArgumentException || ex instanceof io.stillwater.contract.catalog.CatalogException) {
        err.println(command + ": " + ex.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      err.println(command + " failed: " + ex);
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  /** Where the store lives: the embedded store in the workspace (default) or DynamoDB tables. */
  static final class BackendOptions {
    @Option(names = "--workspace", defaultValue = "${env:STILLWATER_WORKSPACE:-./workspace}", description = "Workspace directory (default: ${DEFAULT-VALUE}).")
    Path workspace;

    @Option(names = "--backend", defaultValue = "${env:STILLWATER_STORE_BACKEND:-embedded}", description = "embedded (LMDB under WORKSPACE/store) or dynamodb.")
    String backend;

    @Option(names = "--dynamodb-endpoint", description = "DynamoDB endpoint, e.g. http://127.0.0.1:4567 for dynalite (default: AWS).")
    URI endpoint;

    @Option(names = "--table-prefix", defaultValue = "${env:STILLWATER_TABLE_PREFIX:-stillwater}", description = "DynamoDB tables PREFIX-blue, PREFIX-green, PREFIX-registry.")
    String tablePrefix;

    @Option(names = "--catalog", description = "Content catalog used by verify to recompute values (default: the shipped one).")
    Path catalog;

    StoreLocation open() {
      return StoreLocation.open(backend, workspace, tablePrefix, Optional.ofNullable(endpoint));
    }
  }

  static final class Common {
    @Mixin BackendOptions backend;

    StoreLocation open() {
      return backend.open();
    }

    Path workspace() {
      return backend.workspace;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the generations and which one is live.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
      if (!format.equals("table") && !format.equals("json")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown --format '" + format + "' (table or json)");
      }
      try (StoreLocation b = common.open()) {
        RegistryState s = b.registry().read();
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
          ObjectMapper json = new ObjectMapper();
          ArrayNode arr = json.createArrayNode();
          for (Generation g : s.generations()) {
            ObjectNode o = arr.addObject();
            o.put("slot", g.slot().wireName());
            o.put("generation", g.number());
            o.put("state", g.state().wireName());
            o.put("live", g.number() == s.live());
            o.put("model_id", g.modelId());
            o.put("feature_schema_version", g.featureSchemaVersion());
            o.put("snapshot", g.snapshot());
            o.put("backfill_watermark", g.backfillWatermark() == null ? null : g.backfillWatermark().toString());
            o.put("stream_start_position", g.streamStartPosition());
            o.put("rows_loaded", g.rowsLoaded());
            o.put("verified", g.verifiedAt() != null);
            o.put("in_slot", s.occupant(g.slot()).map(x -> x.number() == g.number()).orElse(false));
            o.put("created_at", g.createdAt().toString());
          }
          out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
          out.printf("%-4s %-6s %-9s %-5s %-9s %-24s %-20s %s%n", "gen", "slot", "state", "live", "verified", "model",
              "watermark", "rows");
          for (Generation g : s.generations()) {
            boolean inSlot = s.occupant(g.slot()).map(x -> x.number() == g.number()).orElse(false);
            out.printf("%-4d %-6s %-9s %-5s %-9s %-24s %-20s %s%n", g.number(), g.slot().wireName(),
                g.state().wireName() + (inSlot ? "" : "*"), g.number() == s.live() ? "yes" : "", g.verifiedAt() != null ? "yes" : "",
                g.modelId(), g.backfillWatermark() == null ? "-" : g.backfillWatermark(), g.rowsLoaded() < 0 ? "-" : g.rowsLoaded());
          }
          if (s.generations().isEmpty()) {
            out.println("(no generations yet: 'stillwater generation load --model ID')");
          } else if (s.generations().stream().anyMatch(g -> s.occupant(g.slot()).orElseThrow().number() != g.number())) {
            out.println("* replaced in its slot by a newer generation: its data is gone");
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Fills the standby slot from a batch snapshot (never touches the live slot); the generation is ready when done.")
  static final class LoadCmd implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", description = "Snapshot directory (…/snapshots/asof=…); default: the newest under WORKSPACE/lake.")
    Path snapshot;

    @Option(names = "--model", required = true, description = "Model id this generation serves with.")
    String model;

    @Option(names = "--stream-start", description = "Stream position at the snapshot's watermark, where streaming into this slot starts.")
    String streamStart;

    @Override
    public Integer call() {
      Path snap = snapshot != null ? snapshot : Snapshot.latest(common.workspace().resolve("lake"));
      try (StoreLocation b = common.open()) {
        PrintWriter err = spec.commandLine().getErr();
        Slot slot = b.registry().read().standbySlot();
        err.println("loading " + snap + " into the standby slot " + slot.wireName());
        Generation g = new GenerationLoader(b.registry(), b.slots()).load(snap, model, new ProgressBar(err));
        if (streamStart != null) {
          g = b.registry().setStreamStartPosition(g.number(), streamStart);
        }
        spec.commandLine().getOut().println("generation " + g.number() + " (" + g.slot().wireName() + ") ready: "
            + g.rowsLoaded() + " rows from " + g.snapshot() + "; next: stillwater generation verify");
      }
      return 0;
    }

  }

  /** A text progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
  static final class ProgressBar implements GenerationLoader.Progress {
    private final PrintWriter err;
    private final boolean tty = System.console() != null;
    private int lastDecile = -1;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void rows(long done, long total) {
      int pct = total == 0 ? 100 : (int) (100 * done / total);
      if (tty) {
        int filled = pct / 5;
        err.print("\r[" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + pct + "% " + done + "/" + total + " rows");
        if (done == total) {
          err.println();
        }
        err.flush();
      } else if (pct / 10 != lastDecile) {
        lastDecile = pct / 10;
        err.println(pct + "% " + done + "/" + total + " rows");
        err.flush();
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Checks a generation against its snapshot (counts, sampled rows, schema version); marks it verified.")
  static final class VerifyCmd implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--generation", description = "Generation number (default: the standby slot's).")
    Integer generation;

    @Option(names = "--sample", defaultValue = "200", description = "Rows per entity to compare (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--model-schema-version", description = "The model's feature-schema version, which must match.")
    String modelSchemaVersion;

    @Override
    public Integer call() {
      if (sample < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--sample must be >= 0");
      }
      try (StoreLocation b = common.open()) {
        int n = generation != null ? generation : standby(b.registry().read()).number();
        List<String> expected = new ArrayList<>();
        expected.add(FeatureRegistry.schemaVersion());
        if (modelSchemaVersion != null) {
          expected.add(modelSchemaVersion);
        }
        SampledValues values = new SampledValues(CatalogLoader.load(Optional.ofNullable(common.backend.catalog)));
        GenerationVerifier.Report r = new GenerationVerifier(b.registry(), b.slots(), values).verify(n, sample, expected);
        if (!r.ok()) {
          PrintWriter err = spec.commandLine().getErr();
          err.println("stillwater generation verify: refused: generation " + n + " failed " + r.problems().size()
              + " check(s); first: " + r.problems().get(0));
          r.problems().stream().skip(1).limit(20).forEach(p -> err.println("  " + p));
          return REFUSED;
        }
        spec.commandLine().getOut().println("generation " + n + " verified: " + r.storeRows() + " rows in the store, "
            + r.snapshotRows() + " in the snapshot, " + r.sampled() + " sampled rows match (state and recomputed values)");
      }
      return 0;
    }
  }

  static Generation standby(RegistryState s) {
    return s.occupant(s.standbySlot()).orElseThrow(() -> new RegistryRefusal(
        "the standby slot " + s.standbySlot().wireName() + " holds no generation; run 'stillwater generation load' first"));
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Makes a verified, ready generation live (compare-and-set against the live one you saw).")
  static final class PromoteCmd implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--generation", description = "Generation number (default: the standby slot's).")
    Integer generation;

    @Override
    public Integer call() {
      try (StoreLocation b = common.open()) {
        RegistryState before = b.registry().read();
        int n = generation != null ? generation : standby(before).number();
        Generation g = before.generation(n).orElseThrow(() -> new RegistryRefusal("no generation " + n));
        if (g.state() == GenerationState.RETIRED) {
          throw new RegistryRefusal("generation " + n + " is retired; use 'stillwater generation rollback'");
        }
        RegistryState after = b.registry().promote(n, before.live());
        spec.commandLine().getOut().println("generation " + n + " (" + g.slot().wireName() + ") is live"
            + (before.live() == 0 ? "" : "; generation " + before.live() + " kept for rollback") + " [registry version "
            + after.version() + "]");
      }
      return 0;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Makes the previous live generation live again.")
  static final class RollbackCmd implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (StoreLocation b = common.open()) {
        RegistryState before = b.registry().read();
        RegistryState after = b.registry().rollback(before.live());
        Generation g = after.liveGeneration().orElseThrow();
        spec.commandLine().getOut().println("rolled back: generation " + g.number() + " (" + g.slot().wireName()
            + ") is live again; generation " + before.live() + " retired");
      }
      return 0;
    }
  }
}
