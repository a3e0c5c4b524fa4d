package io.stillwater.simulator;

import java.util.SplittableRandom;

/**
 * Independent random streams keyed by purpose and index, so each user-day draws the same numbers whatever
 * order (or thread) it is generated in.
 */
final class Seeds {
  private Seeds() {}

  static SplittableRandom random(long seed, String purpose, long... keys) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ purpose.hashCode());
    for (long k : keys) {
      h = mix(h ^ k);
    }
    return new SplittableRandom(h);
  }

  /** A stable number in [0, 1) for a pair of names, e.g. a user's taste for one item. */
  static double unit(long seed, String a, String b) {
    long h = mix(mix(seed ^ a.hashCode()) ^ b.hashCode());
    return (h >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
