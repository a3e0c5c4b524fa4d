package io.stillwater.pipelines.flink;

import io.stillwater.pipelines.streaming.StreamOptions;
import io.stillwater.pipelines.streaming.StreamingPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streaming pipeline on Beam's Flink runner in an embedded mini-cluster, with the settings STACK.md
 * measured: detached ({@code run()} returns), bundles of at most 100 elements or 50 ms and a 50 ms watermark
 * interval (windows and store writes within ~0.1–0.3 s instead of 1–4 s), parallelism 1, and checkpoints every
 * {@code checkpointInterval} to a filesystem state backend under the checkpoint directory, retained when the job
 * is cancelled or the process dies, so the next run resumes from the newest one ({@link #latestCheckpoint}).
 */
public final class FlinkStreamRunner {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkStreamRunner.class);

  /** What a run needs beyond {@link StreamOptions}. */
  public record Settings(Path checkpointDir, Duration checkpointInterval, boolean resume, int parallelism) {}

  /** A started run: the job, and the checkpoint it resumed from (if any). */
  public record Run(PipelineResult result, Optional<Path> resumedFrom) {}

  private FlinkStreamRunner() {}

  public static Run start(StreamOptions streamOptions, Settings settings) {
    FlinkPipelineOptions o = streamOptions.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setStreaming(true);
    o.setAttachedMode(false);
    o.setParallelism(settings.parallelism());
    o.setMaxBundleSize(100L);
    o.setMaxBundleTimeMills(50L);
    o.setAutoWatermarkInterval(50L);
    o.setCheckpointingInterval(settings.checkpointInterval().toMillis());
    o.setMinPauseBetweenCheckpoints(Math.min(500L, settings.checkpointInterval().toMillis() / 2));
    o.setStateBackend("filesystem");
    o.setStateBackendStoragePath(settings.checkpointDir().toUri().toString());
    o.setExternalizedCheckpointsEnabled(true);
    o.setRetainExternalizedCheckpointsOnCancellation(true);
    o.setNumberOfExecutionRetries(2);
    o.setShutdownSourcesAfterIdleMs(Long.MAX_VALUE);
    Optional<Path> resumeFrom = settings.resume() ? latestCheckpoint(settings.checkpointDir()) : Optional.empty();
    // The local mini-cluster takes a restore path only from its configuration, not from --savepointPath
    // (Beam passes that to remote clusters only): write a one-line Flink config for it.
    o.setFlinkConfDir(flinkConf(settings.checkpointDir(), resumeFrom).toString());
    resumeFrom.ifPresent(p -> LOG.info("resuming from checkpoint {}", p));

    Pipeline pipeline = Pipeline.create(o);
    StreamingPipeline.build(pipeline, streamOptions);
    return new Run(pipeline.run(), resumeFrom);
  }

  /** The newest completed checkpoint under {@code dir} ({@code <job>/chk-N} with a {@code _metadata} file). */
  public static Optional<Path> latestCheckpoint(Path dir) {
    for (int attempt = 1; ; attempt++) {
      try {
        return scanCheckpoints(dir);
      } catch (UncheckedIOException e) {
        // a running job deletes checkpoints beyond the retained ones while they are listed: list again
        if (!(e.getCause() instanceof NoSuchFileException) || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static Optional<Path> scanCheckpoints(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparing(FlinkStreamRunner::modified))
          .map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private static Path flinkConf(Path checkpointDir, Optional<Path> resumeFrom) {
    try {
      Path conf = checkpointDir.resolve("flink-conf");
      Files.createDirectories(conf);
      StringBuilder yaml = new StringBuilder();
      yaml.append("state.checkpoints.num-retained: 2\n");
      resumeFrom.ifPresent(p -> yaml.append("execution.savepoint.path: ").append(p.toUri()).append('\n'));
      Files.writeString(conf.resolve("flink-conf.yaml"), yaml.toString());
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options for a pipeline from explicit arguments (tests, benchmarks). */
  public static StreamOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(StreamOptions.class);
  }
}
