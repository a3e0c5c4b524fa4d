package io.stillwater.push.source;

import java.time.Duration;
import java.util.List;

/**
 * Where triggers come from: the embedded trigger log or an SQS queue. A polled record is either
 * {@link #done done} (published, suppressed, or a known duplicate) or {@link #failed failed} (dead-lettered),
 * then {@link #commit committed} with the rest of its batch.
 */
public interface TriggerSource extends AutoCloseable {

  /** One trigger as received: its raw body and a handle for acknowledging it. */
  record Received(String body, Object handle) {}

  /** Up to a batch of records, waiting at most {@code wait} for the first. */
  List<Received> poll(Duration wait);

  /** The record is handled: it must not come back. */
  void done(Received r);

  /**
   * The record could not be published after retries (the worker has written it to its dead-letter log). The
   * embedded log treats it as handled; SQS leaves it on the queue, so it is redelivered after its visibility
   * timeout and, after the queue's maxReceiveCount, moved to the queue's dead-letter queue by SQS.
   */
  void failed(Received r);

  /** Makes the batch's acknowledgements durable (the embedded log stores its offset). */
  void commit();

  @Override
  void close();
}
