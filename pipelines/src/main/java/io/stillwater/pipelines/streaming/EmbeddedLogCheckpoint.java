package io.stillwater.pipelines.streaming;

import java.io.Serializable;
import org.apache.beam.sdk.io.UnboundedSource;

/**
 * The embedded source's checkpoint: every record before {@code offset} has been emitted. Restoring the reader
 * from it resumes at the next record, so with the runner's state restored from the same checkpoint no event is
 * lost or folded twice. Nothing to acknowledge: the log keeps everything.
 */
public record EmbeddedLogCheckpoint(long offset, long lastAppendMs) implements UnboundedSource.CheckpointMark, Serializable {

  @Override
  public void finalizeCheckpoint() {}
}
