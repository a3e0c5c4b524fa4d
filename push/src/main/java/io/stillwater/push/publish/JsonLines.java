package io.stillwater.push.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only JSON-lines file (outbox, suppressed, dead letters, ledger): each line written and flushed to the
 * OS before {@link #append} returns, so it survives the process (not a machine crash unless {@code fsync}).
 */
public final class JsonLines implements AutoCloseable {

  private final Path file;
  private final Writer out;

  public JsonLines(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  public synchronized void append(String jsonLine) throws IOException {
    out.write(jsonLine);
    out.write('\n');
    out.flush();
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
