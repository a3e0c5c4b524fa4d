package io.stillwater.trainer;

/** The training data cannot be used: missing, unreadable, empty for the range, or of another feature schema. */
public final class TrainingDataException extends IllegalArgumentException {
  public TrainingDataException(String message) {
    super(message);
  }

  public TrainingDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
