package io.stillwater.featurestore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One {@code stillwater generation …} run in this JVM: its exit status and what it printed (shared with the streaming tests). */
public record GenerationRun(int code, String out, String err) {

  /** Runs {@code generation <command> <args…> <backend…>}. */
  public static GenerationRun of(String command, List<String> backend, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    all.addAll(backend);
    CommandLine cli = GenerationCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new GenerationRun(code, out.toString(), err.toString());
  }
}
