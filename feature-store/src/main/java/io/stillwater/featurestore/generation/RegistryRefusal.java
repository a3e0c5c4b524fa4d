package io.stillwater.featurestore.generation;

/** A registry operation refused, with the reason in one line (the CLI prints it and exits non-zero). */
public class RegistryRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryRefusal(String message) {
    super(message);
  }

  /** Lost a compare-and-set: the live pointer moved since the caller read it. */
  public static final class Conflict extends RegistryRefusal {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }
}
