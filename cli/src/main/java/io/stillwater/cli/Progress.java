package io.stillwater.cli;

import io.stillwater.simulator.HistoryWriter;
import java.io.PrintWriter;

/** Progress for long work on stderr: one self-updating line on a terminal, nothing when piped. */
final class Progress {
  private Progress() {}

  static HistoryWriter.Progress toStderr(PrintWriter err) {
    if (System.console() == null) {
      return (date, lines, done, total) -> {};
    }
    return (date, lines, done, total) -> {
      err.printf("\r  %s written (%d/%d days)%s", date, done, total, done >= total ? "\n" : "");
      err.flush();
    };
  }
}
