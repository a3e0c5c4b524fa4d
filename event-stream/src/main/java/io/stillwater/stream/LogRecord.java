package io.stillwater.stream;

/**
 * One record read from the embedded log: the JSON line (no newline), the time it was appended, where it starts,
 * and the position just after it (what a checkpoint stores to resume after this record).
 */
public record LogRecord(String line, long appendMs, long offset, long nextOffset) {}
