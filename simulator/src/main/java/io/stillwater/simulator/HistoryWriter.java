package io.stillwater.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a simulated history as Hive-style date partitions of gzipped JSON lines,
 * {@code OUT/date=YYYY-MM-DD/events.jsonl.gz}, each in arrival order, plus {@value #MANIFEST}.
 *
 * <p>A line goes to the partition of the UTC date it arrives on, so late arrivals and duplicates sit in
 * later files than their event time, as they would in a real landing zone.
 */
public final class HistoryWriter {

  public static final String MANIFEST = "_simulation.json";
  public static final String FILE_NAME = "events.jsonl.gz";

  /** Told after each partition is written. */
  public interface Progress {
    void partitionWritten(LocalDate date, long lines, int done, int total);
  }

  private final Simulator simulator;
  private final Path out;
  private final NavigableMap<LocalDate, List<Emission>> pending = new TreeMap<>();
  private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
  private final Map<String, Long> eventsByType = new TreeMap<>();
  private final List<Path> files = new ArrayList<>();
  private long lines;
  private long goodEvents;
  private long outsideRange;

  public HistoryWriter(Simulator simulator, Path out) {
    this.simulator = simulator;
    this.out = out;
  }

  public SimulationSummary write(Progress progress) {
    SimulationConfig config = simulator.config();
    prepareOutput();
    for (Fault f : Fault.values()) {
      faults.put(f, 0L);
    }
    Instant start = config.startInstant();
    Instant end = config.endInstant();
    // A local day touches the UTC days before and after it, so generate one local day beyond each edge and
    // write UTC day d once local day d + 1 is done (nothing generated later can arrive on day d).
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "history-writer"));
    List<Future<?>> written = new ArrayList<>();
    for (LocalDate local = config.start().minusDays(1); !local.isAfter(config.end()); local = local.plusDays(1)) {
      simulator.generateLocalDay(local, e -> {
        if (e.arrival().isBefore(start) || !e.arrival().isBefore(end)) {
          outsideRange++;
        } else {
          pending.computeIfAbsent(e.arrival().atZone(ZoneOffset.UTC).toLocalDate(), d -> new ArrayList<>()).add(e);
        }
      });
      LocalDate complete = local.minusDays(1);
      while (!pending.isEmpty() && !pending.firstKey().isAfter(complete)) {
        LocalDate date = pending.firstKey();
        List<Emission> partition = pending.remove(date);
        // Compress and write on another thread while the next day is generated.
        written.add(writer.submit(() -> {
          long n = writePartition(date, partition);
          progress.partitionWritten(date, n, files.size(), config.days());
        }));
      }
    }
    writer.shutdown();
    for (Future<?> f : written) {
      await(f);
    }
    SimulationSummary summary = new SimulationSummary(
        out, config.start(), config.end(), config.users(), config.seed(), lines, goodEvents, Map.copyOf(faults),
        Map.copyOf(eventsByType), personaCounts(), outsideRange, List.copyOf(files));
    writeManifest(summary);
    return summary;
  }

  private long writePartition(LocalDate date, List<Emission> emissions) {
    emissions.sort(Emission.ARRIVAL_ORDER);
    Path file = out.resolve("date=" + date).resolve(FILE_NAME);
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream raw = Files.newOutputStream(file);
          GZIPOutputStream gzip = new FastGzip(raw);
          BufferedWriter w = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16)) {
        for (Emission e : emissions) {
          w.write(e.line());
          w.write('\n');
          count(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    files.add(file);
    return emissions.size();
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the history", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Gzip at the fastest level: these files are read once by a pipeline, writing them quickly matters more. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private void count(Emission e) {
    lines++;
    if (e.fault() != null) {
      faults.merge(e.fault(), 1L, Long::sum);
    }
    if (e.goodEvent()) {
      goodEvents++;
      eventsByType.merge(e.type(), 1L, Long::sum);
    }
  }

  private Map<Persona, Long> personaCounts() {
    Map<Persona, Long> counts = new EnumMap<>(Persona.class);
    for (SimulatedUser u : simulator.users()) {
      counts.merge(u.persona(), 1L, Long::sum);
    }
    return counts;
  }

  /** Replaces an earlier simulation in the same folder; refuses to mix into a folder of other data. */
  private void prepareOutput() {
    try {
      if (Files.isDirectory(out)) {
        boolean earlierSimulation = Files.exists(out.resolve(MANIFEST));
        try (Stream<Path> children = Files.list(out)) {
          List<Path> entries = children.toList();
          if (!entries.isEmpty() && !earlierSimulation) {
            throw new IllegalArgumentException(
                "output folder " + out + " is not empty and holds no earlier simulation; choose an empty or new folder");
          }
          for (Path p : entries) {
            if (p.getFileName().toString().startsWith("date=") || p.getFileName().toString().equals(MANIFEST)) {
              deleteRecursively(p);
            }
          }
        }
      }
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + out, e);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  private void writeManifest(SimulationSummary s) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("start", s.start().toString());
    root.put("end_exclusive", s.end().toString());
    root.put("users", s.users());
    root.put("seed", s.seed());
    root.put("bad_rate", simulator.config().badRate());
    root.put("lines", s.lines());
    root.put("good_events", s.goodEvents());
    root.put("outside_range", s.outsideRange());
    ObjectNode faultNode = root.putObject("faults");
    s.faults().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> faultNode.put(e.getKey().name().toLowerCase(), e.getValue()));
    ObjectNode types = root.putObject("good_events_by_type");
    new TreeMap<>(s.eventsByType()).forEach(types::put);
    ArrayNode users = root.putArray("users_ground_truth");
    for (SimulatedUser u : simulator.users()) {
      users.addObject()
          .put("user_id", u.userId())
          .put("persona", u.persona().name().toLowerCase())
          .put("tz_offset_minutes", u.tzOffsetMinutes())
          .put("resting_heart_rate", u.restingHeartRate())
          .put("wearable", u.wearable());
    }
    try {
      mapper.writeValue(out.resolve(MANIFEST).toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest in " + out, e);
    }
  }
}
