package io.stillwater.featurestore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.featurestore.StoreLocation;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.RegistryState;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.progress.CatchUp;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./stillwater generation stream-status}: whether the stream writing a slot has caught up, from the
 * progress records the streaming pipeline writes beside the registry ({@link CatchUp} defines it). The same on
 * the embedded store and on DynamoDB, wherever the pipeline runs. Exit: 0 caught up, 1 not caught up,
 * 2 bad arguments, 3 {@code --wait-caught-up} reached its timeout.
 */
@Command(name = "stream-status", mixinStandardHelpOptions = true,
    description = "Whether the stream writing a slot has caught up (its newest applied event arrived at most --max-lag "
        + "before it was in the store, in a record at most --active-within old). Exit 0 caught up, 1 not, "
        + "2 bad arguments, 3 --wait-caught-up timed out.")
final class StreamStatusCommand implements Callable<Integer> {

  static final int NOT_CAUGHT_UP = 1;
  static final int WAIT_TIMED_OUT = 3;
  private static final Duration POLL = Duration.ofSeconds(1);

  @Mixin GenerationCommand.Common common;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--slot", description = "blue or green (default: the standby slot, the one promote would make live).")
  String slot;

  @Option(names = "--max-lag", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A writer has caught up when its newest applied event arrived at most this before it was stored "
          + "(default: " + CatchUp.CAUGHT_UP_MS + "ms, the stream's own caught_up threshold).")
  Duration maxLag = Duration.ofMillis(CatchUp.CAUGHT_UP_MS);

  @Option(names = "--active-within", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Writers whose record is older than this are not counted; none left is 'idle' (default: 60s).")
  Duration activeWithin = CatchUp.ACTIVE_WITHIN;

  @Option(names = "--wait-caught-up", description = "Poll every second until caught up (exit 0) or --timeout (exit 3).")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long --wait-caught-up waits (default: 10m).")
  Duration timeout = Duration.ofMinutes(10);

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  /** The clock the ages are measured with; tests give their own. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Optional<Slot> chosen = parseSlot();
    if (!format.equals("table") && !format.equals("json")) {
      throw usage("--format: unknown format '" + format + "' (table or json)");
    }
    requirePositive("--max-lag", maxLag, true);
    requirePositive("--active-within", activeWithin, false);
    requirePositive("--timeout", timeout, false);
    try (StoreLocation store = common.open()) {
      Report report = report(store, chosen);
      if (wait && !report.verdict().caughtUp()) {
        report = awaitCaughtUp(store, chosen, report);
      }
      print(report);
      if (report.verdict().caughtUp()) {
        return 0;
      }
      if (wait) {
        spec.commandLine().getErr().println("stillwater generation stream-status: the " + report.slot().wireName()
            + " stream did not catch up within " + timeout + " (" + report.verdict().state().wireName() + ")");
        return WAIT_TIMED_OUT;
      }
      return NOT_CAUGHT_UP;
    }
  }

  /**
   * Reads the records again every {@link #POLL} on a scheduler until the slot is caught up or {@code timeout}
   * passes, printing each change of state; returns the last report.
   */
  private Report awaitCaughtUp(StoreLocation store, Optional<Slot> chosen, Report first) throws InterruptedException {
    AtomicReference<Report> latest = new AtomicReference<>(first);
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stream-status-poll");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(() -> {
      try {
        Report next = report(store, chosen);
        if (latest.getAndSet(next).verdict().state() != next.verdict().state()) {
          spec.commandLine().getErr().println("stream-status " + next.slot().wireName() + ": "
              + next.verdict().state().wireName());
        }
        if (next.verdict().caughtUp()) {
          caughtUp.complete(null);
        }
      } catch (RuntimeException e) {
        caughtUp.completeExceptionally(e);
      }
    }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    try {
      caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // not caught up in time: the last report says how far it got
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      poller.shutdownNow();
      poller.awaitTermination(POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
    return latest.get();
  }

  private Optional<Slot> parseSlot() {
    if (slot == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Slot.parse(slot));
    } catch (IllegalArgumentException e) {
      throw usage("--slot: " + e.getMessage());
    }
  }

  private void requirePositive(String option, Duration d, boolean zeroAllowed) {
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw usage(option + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + ", got " + d);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** One reading: the slot, the generation in it (records older than its load do not count), the verdict. */
  record Report(Slot slot, Optional<Generation> generation, Instant now, CatchUp.Verdict verdict) {}

  private Report report(StoreLocation store, Optional<Slot> chosen) {
    RegistryState registry = store.registry().read();
    Slot s = chosen.orElse(registry.standbySlot());
    Optional<Generation> g = registry.occupant(s);
    Instant since = g.map(Generation::createdAt).orElse(Instant.EPOCH);
    Instant now = clock.instant();
    return new Report(s, g, now, CatchUp.judge(store.progress().read(s), since, now, maxLag, activeWithin));
  }

  private void print(Report r) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      ObjectMapper json = new ObjectMapper();
      ObjectNode o = json.createObjectNode();
      o.put("slot", r.slot().wireName());
      o.put("generation", r.generation().map(Generation::number).orElse(null));
      o.put("state", r.verdict().state().wireName());
      o.put("caught_up", r.verdict().caughtUp());
      o.put("max_lag_ms", maxLag.toMillis());
      o.put("active_within_ms", activeWithin.toMillis());
      o.put("checked_at", r.now().toString());
      ArrayNode writers = o.putArray("writers");
      for (CatchUp.Writer w : r.verdict().writers()) {
        ObjectNode x = writers.addObject();
        x.put("writer", w.progress().writer());
        x.put("lag_ms", w.progress().lagMs());
        x.put("newest_arrival", Instant.ofEpochMilli(w.progress().newestArrivalMs()).toString());
        x.put("updated_at", Instant.ofEpochMilli(w.progress().appliedAtMs()).toString());
        x.put("age_ms", w.ageMs());
        x.put("active", w.active());
        x.put("caught_up", w.caughtUp());
        x.put("events_applied", w.progress().eventsApplied());
        x.put("rows_written", w.progress().rowsWritten());
      }
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      return;
    }
    out.println("slot " + r.slot().wireName() + ", generation "
        + r.generation().map(g -> g.number() + " (loaded " + g.createdAt() + ")").orElse("none") + ": "
        + r.verdict().state().wireName() + explain(r));
    if (r.verdict().writers().isEmpty()) {
      return;
    }
    out.printf("%-22s %9s %-26s %-26s %7s %-9s %10s %10s%n", "writer", "lag_ms", "newest_arrival", "updated_at", "age_s",
        "state", "events", "rows");
    for (CatchUp.Writer w : r.verdict().writers()) {
      out.printf("%-22s %9d %-26s %-26s %7d %-9s %10d %10d%n", w.progress().writer(), w.progress().lagMs(),
          Instant.ofEpochMilli(w.progress().newestArrivalMs()), Instant.ofEpochMilli(w.progress().appliedAtMs()),
          w.ageMs() / 1000, !w.active() ? "inactive" : w.caughtUp() ? "caught-up" : "behind", w.progress().eventsApplied(),
          w.progress().rowsWritten());
    }
  }

  private String explain(Report r) {
    return switch (r.verdict().state()) {
      case CAUGHT_UP -> " (every active writer's lag <= " + maxLag.toMillis() + " ms)";
      case BEHIND -> " (an active writer's lag is over " + maxLag.toMillis() + " ms)";
      case IDLE -> " (no writer wrote in the last " + activeWithin.toSeconds() + " s: no events came, or the stream is "
          + "not running; post one event to see)";
      case NO_PROGRESS -> " (no stream has applied anything to this generation)";
    };
  }
}
