package io.stillwater.features.definition;

/** The shape of a feature value. Any value may be missing (null), which is never the same as zero. */
public enum ValueType {
  /** A whole number of things, e.g. starts in a window. */
  COUNT,
  /** A real number: rates, averages, durations. */
  NUMBER,
  /** A list of floats: an embedding. */
  VECTOR
}
