package io.stillwater.trainer.registry;

/** The registry has no complete model under this id (yet): callers serve without it and ask again later. */
public final class ModelNotFoundException extends RuntimeException {
  public ModelNotFoundException(String message) {
    super(message);
  }
}
