package io.stillwater.featurestore.progress;

import io.stillwater.featurestore.generation.Slot;
import java.util.List;

/**
 * Where the streaming pipeline's {@link StreamProgress} records live, beside the generation registry: files in
 * the workspace for the embedded store, items in the registry table for DynamoDB. One record per writer,
 * replaced on every write.
 */
public interface StreamProgressStore extends AutoCloseable {

  /** Replaces {@code progress.writer()}'s record of its slot. */
  void write(StreamProgress progress);

  /** Every writer's latest record for {@code slot} (any order; empty when nothing was written). */
  List<StreamProgress> read(Slot slot);

  @Override
  default void close() {}
}
