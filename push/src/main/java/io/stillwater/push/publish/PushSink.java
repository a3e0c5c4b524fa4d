package io.stillwater.push.publish;

import io.stillwater.push.PushMessage;

/** Where a push goes: an SQS queue ({@link SqsPushSink}) or the embedded outbox ({@link EmbeddedOutbox}). */
public interface PushSink extends AutoCloseable {

  /** Sends one message; returns normally only once it is accepted (durable in the queue or file). */
  void publish(PushMessage message) throws Exception;

  /** For logs and the status file, e.g. the queue URL. */
  String describe();

  @Override
  void close();
}
