package io.stillwater.stream;

/**
 * Where one append landed in the embedded log: bytes {@code [startOffset, endOffset)}, stamped with
 * {@code appendMs} (the log's arrival time, never decreasing along the log).
 */
public record AppendResult(long startOffset, long endOffset, long appendMs, int records) {}
