package io.stillwater.simulator;

/**
 * One simulated person. The persona is ground truth for tests and analysis; it never appears in events.
 *
 * @param index position in the population, also the user's random stream
 * @param tzOffsetMinutes the user's local time zone (their daily rhythm is local)
 * @param restingHeartRate beats per minute at rest
 * @param wearable whether a watch reports heart rate and steps; otherwise the phone may report steps
 * @param activity how active the user is in everyday life, around 1.0
 */
public record SimulatedUser(
    int index,
    String userId,
    Persona persona,
    int tzOffsetMinutes,
    double restingHeartRate,
    boolean wearable,
    boolean phoneSteps,
    double activity) {}
