package io.stillwater.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws the simulated users for a seed: the same seed and size give the same people. */
public final class Population {

  private static final int[] TZ_OFFSETS_MINUTES = {-480, -420, -360, -300, -300, -240, 0, 0, 60, 60, 120, 330, 540, 600};

  private Population() {}

  public static List<SimulatedUser> draw(SimulationConfig config) {
    List<SimulatedUser> users = new ArrayList<>(config.users());
    for (int i = 0; i < config.users(); i++) {
      SplittableRandom rng = Seeds.random(config.seed(), "user", i);
      Persona persona = pickPersona(rng.nextDouble());
      double resting = persona == Persona.STRESSED ? 78 + rng.nextDouble() * 12 : 55 + rng.nextDouble() * 13;
      boolean wearable = rng.nextDouble() < persona.wearableShare();
      boolean phoneSteps = !wearable && rng.nextDouble() < 0.5;
      double activity = persona == Persona.STUDENT ? 0.7 + rng.nextDouble() * 0.4 : 0.8 + rng.nextDouble() * 0.5;
      int tz = TZ_OFFSETS_MINUTES[rng.nextInt(TZ_OFFSETS_MINUTES.length)];
      users.add(new SimulatedUser(i, String.format("u_%06d", i), persona, tz, round1(resting), wearable, phoneSteps, activity));
    }
    return users;
  }

  private static Persona pickPersona(double u) {
    double cumulative = 0;
    for (Persona p : Persona.values()) {
      cumulative += p.share();
      if (u < cumulative) {
        return p;
      }
    }
    return Persona.values()[Persona.values().length - 1];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
