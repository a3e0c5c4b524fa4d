package io.stillwater.serving.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Admin routes need {@code Authorization: Bearer <token>} with the configured token (STILLWATER_ADMIN_TOKEN);
 * with no token configured they are disabled (403), so a forgotten setting never leaves them open.
 */
final class AdminAccess {

  private final Optional<byte[]> token;

  AdminAccess(Optional<String> token) {
    this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  /** True when the request may proceed; otherwise the 401/403 response has been written. */
  boolean allow(Context ctx) {
    if (token.isEmpty()) {
      Responses.error(ctx, 403, "admin routes are disabled: the server has no admin token (STILLWATER_ADMIN_TOKEN)", null);
      return false;
    }
    String header = ctx.header("Authorization");
    byte[] given = header != null && header.startsWith("Bearer ")
        ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : null;
    // Constant-time comparison: response timing must not reveal how much of a guess was right.
    if (given == null || !MessageDigest.isEqual(given, token.get())) {
      ctx.header("WWW-Authenticate", "Bearer");
      Responses.error(ctx, 401, header == null ? "admin route: Authorization: Bearer <token> required"
          : "admin route: invalid token", null);
      return false;
    }
    return true;
  }
}
