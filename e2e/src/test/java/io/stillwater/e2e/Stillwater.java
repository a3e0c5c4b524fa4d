package io.stillwater.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./stillwater} commands as a user does, each from its packaged module (no rebuild inside a test:
 * {@code STILLWATER_SKIP_BUILD=1}), with output kept in a log file per command under the test's folder.
 */
final class Stillwater {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path LAUNCHER = ROOT.resolve("stillwater");

  /** How a command ended, and its output. */
  record Run(int status, String output, Path log) {
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  private final Path logs;
  private int n;

  Stillwater(Path logs) {
    this.logs = logs;
    for (String module : List.of("cli", "pipelines", "pipelines-flink", "trainer", "feature-store", "serving-api")) {
      if (!Files.exists(ROOT.resolve(module).resolve("target").resolve("runtime-classpath.txt"))) {
        throw new IllegalStateException(module + " is not packaged: the end-to-end tests run under './mvnw verify'");
      }
    }
  }

  private ProcessBuilder builder(Path log, String... args) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().put("STILLWATER_SKIP_BUILD", "1");
    return b;
  }

  private synchronized Path nextLog(String name) {
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return logs.resolve(String.format("%02d-%s.log", ++n, name));
  }

  /** Runs a command to the end (at most {@code timeoutMinutes}). */
  Run run(int timeoutMinutes, String... args) {
    Path log = nextLog(args[0]);
    try {
      Process p = builder(log, args).start();
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("stillwater " + String.join(" ", args) + " did not finish in " + timeoutMinutes
            + " min; see " + log);
      }
      return new Run(p.exitValue(), Files.readString(log), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Starts a long-running command (the API); the caller stops it. */
  Process start(String... args) {
    try {
      return builder(nextLog(args[0]), args).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
