package io.stillwater.serving.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads request bodies, the one way every route does. */
final class RequestBodies {

  private RequestBodies() {}

  /**
   * The body. One with a declared length within {@link ApiServer#MAX_BODY_BYTES} is read into an array of that
   * length; Javalin's {@code bodyAsBytes()} copies through 8-KB buffers, which for a 100-byte recommendations
   * request was a quarter of all the request allocated. Any other body (chunked, or declared too large) goes
   * through {@code bodyAsBytes()}, which enforces the limit (413).
   */
  static byte[] read(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length < 0 || length > ApiServer.MAX_BODY_BYTES) {
      return ctx.bodyAsBytes();
    }
    try {
      return ctx.req().getInputStream().readNBytes((int) length);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }
}
