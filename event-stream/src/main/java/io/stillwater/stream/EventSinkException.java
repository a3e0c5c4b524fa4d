package io.stillwater.stream;

/** A batch could not be stored durably (I/O, or records the stream kept rejecting). */
public final class EventSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventSinkException(String message) {
    super(message);
  }

  public EventSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
