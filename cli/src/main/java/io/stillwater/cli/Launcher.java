package io.stillwater.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs other stillwater commands as their own processes, through the {@code ./stillwater} launcher (each from
 * its module's classpath: backfill with Spark, train with TensorFlow, stream with Flink, serve with Javalin).
 * The launcher passes its own path as the {@code stillwater.launcher} system property.
 */
public final class Launcher {

  /** How a command ended, and the last line it printed on stdout (its result, e.g. train's model id). */
  public record Result(int status, String lastLine) {
    public boolean ok() {
      return status == 0;
    }
  }

  private final String path;

  public Launcher(String path) {
    this.path = path;
  }

  /** The launcher that started this JVM. */
  public static Launcher current() {
    String launcher = System.getProperty("stillwater.launcher");
    if (launcher == null) {
      throw new IllegalStateException("this command runs through ./stillwater, which tells it where the launcher is");
    }
    return new Launcher(launcher);
  }

  public String path() {
    return path;
  }

  /** The command line for {@code args}. */
  public List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(path));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs a command to completion: its stderr goes to this process's stderr, its stdout is echoed to {@code out}
   * (indented) line by line and its last line kept.
   */
  public Result run(PrintWriter out, String... args) {
    out.flush();
    try {
      Process process = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String last = "";
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          out.println("  " + line);
          out.flush();
          last = line.strip();
        }
      }
      return new Result(process.waitFor(), last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "");
    }
  }

  /** Starts a long-running command as a child of this process (Ctrl-C reaches it too); output to {@code log}. */
  public Process startChild(Path log, String... args) {
    try {
      return new ProcessBuilder(command(args)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command(args)), e);
    }
  }

  /**
   * Starts a long-running command in its own session ({@code setsid}), so it outlives this process and a Ctrl-C
   * here does not reach it; its stdout and stderr go to {@code log}.
   */
  public Process startDetached(Path log, String... args) {
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.addAll(command(args));
    try {
      return new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }
}
