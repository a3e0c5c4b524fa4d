package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where a push goes: an SQS queue ({@link SqsPushSink}) or the embedded outbox ({@link EmbeddedOutbox}). */
public interface PushSink extends AutoCloseable {

  /** Sends one message; returns normally only once it is accepted (durable in the queue or file). */
  void publish(PushMessage message) throws Exception;

  /**
   * Sends several messages (the SQS sink in one SendMessageBatch per 10); returns the error of each one that was
   * not accepted, by its index in {@code messages} (empty when all were).
   */
  default Map<Integer, String> publishAll(List<PushMessage> messages) {
    Map<Integer, String> failed = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      try {
        publish(messages.get(i));
      } catch (Exception e) {
        failed.put(i, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return failed;
  }

  /** For logs and the status file, e.g. the queue URL. */
  String describe();

  @Override
  void close();
}
