package io.stillwater.features.state;

import io.stillwater.contract.event.ContentEnd;

/** A bounce: a session abandoned in its first two minutes. One definition for users and content alike. */
public final class Bounce {
  public static final double THRESHOLD_S = 120;

  private Bounce() {}

  public static boolean is(ContentEnd end) {
    return !end.completed() && end.positionS() < THRESHOLD_S;
  }
}
