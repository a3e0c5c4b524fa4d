package io.stillwater.cli.retrain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON record of one retraining run, {@code <workspace>/runs/<run_id>/manifest.json}: what the run fixed
 * (watermark, stream position, slots, model, generation) and each step's state and timing. It is rewritten
 * atomically after every change, so a killed run leaves an accurate record and the next {@code retrain}
 * resumes at the first step not done. (A mutable document by design: it is the run's journal.)
 */
public final class RunManifest {

  /** One step's record. */
  public static final class StepRecord {
    @JsonProperty("step") public String step;
    @JsonProperty("status") public String status = "pending";
    @JsonProperty("started_at") public Instant startedAt;
    @JsonProperty("finished_at") public Instant finishedAt;
    @JsonProperty("seconds") public Double seconds;
    @JsonProperty("detail") public String detail;
    @JsonProperty("attempts") public int attempts;
  }

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @JsonProperty("run_id") public String runId;
  @JsonProperty("status") public String status = "running";
  @JsonProperty("started_at") public Instant startedAt;
  @JsonProperty("finished_at") public Instant finishedAt;
  @JsonProperty("watermark") public Instant watermark;
  @JsonProperty("stream_position") public String streamPosition;
  @JsonProperty("standby_slot") public String standbySlot;
  @JsonProperty("live_generation_before") public int liveGenerationBefore;
  @JsonProperty("live_slot_before") public String liveSlotBefore;
  @JsonProperty("live_model_before") public String liveModelBefore;
  @JsonProperty("model_id") public String modelId;
  @JsonProperty("generation") public Integer generation;
  @JsonProperty("failure") public String failure;
  @JsonProperty("counts") public Map<String, Object> counts = new LinkedHashMap<>();
  @JsonProperty("steps") public List<StepRecord> steps = new ArrayList<>();

  /** A new run with every step pending. */
  public static RunManifest start(String runId, Instant now) {
    RunManifest m = new RunManifest();
    m.runId = runId;
    m.startedAt = now;
    for (RetrainStep s : RetrainStep.values()) {
      StepRecord r = new StepRecord();
      r.step = s.wireName();
      m.steps.add(r);
    }
    return m;
  }

  public StepRecord step(RetrainStep s) {
    return steps.stream().filter(r -> r.step.equals(s.wireName())).findFirst()
        .orElseThrow(() -> new IllegalStateException("manifest has no step " + s.wireName()));
  }

  public boolean done(RetrainStep s) {
    return "done".equals(step(s).status);
  }

  public boolean finished() {
    return "done".equals(status);
  }

  public static Path file(Path runDir) {
    return runDir.resolve("manifest.json");
  }

  public void save(Path runDir) {
    try {
      Files.createDirectories(runDir);
      Path tmp = runDir.resolve("manifest.json.tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file(runDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(runDir), e);
    }
  }

  public static RunManifest load(Path runDir) {
    try {
      return JSON.readValue(file(runDir).toFile(), RunManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable run manifest " + file(runDir), e);
    }
  }

  /** The newest run under {@code runsDir} that did not finish, if any (run ids sort by time). */
  public static Optional<Path> latestUnfinished(Path runsDir) {
    if (!Files.isDirectory(runsDir)) {
      return Optional.empty();
    }
    try (var dirs = Files.list(runsDir)) {
      return dirs.filter(d -> Files.isRegularFile(file(d))).sorted((a, b) -> b.getFileName().compareTo(a.getFileName()))
          .findFirst().filter(d -> !load(d).finished());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runsDir, e);
    }
  }
}
