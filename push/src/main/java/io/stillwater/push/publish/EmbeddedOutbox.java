package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.nio.file.Path;

/**
 * The embedded default sink: one JSON message per line in {@code <workspace>/push/outbox.jsonl}, what the
 * quickstart shows ({@code tail -f workspace/push/outbox.jsonl}) and what a local app backend can tail.
 */
public final class EmbeddedOutbox implements PushSink {

  public static final String FILE = "outbox.jsonl";

  private final JsonLines lines;

  public EmbeddedOutbox(Path file) {
    this.lines = new JsonLines(file);
  }

  public static EmbeddedOutbox inWorkspace(Path workspace) {
    return new EmbeddedOutbox(workspace.resolve("push").resolve(FILE));
  }

  @Override
  public void publish(PushMessage message) throws Exception {
    lines.append(message.toJson());
  }

  @Override
  public String describe() {
    return lines.file().toString();
  }

  @Override
  public void close() {
    lines.close();
  }
}
