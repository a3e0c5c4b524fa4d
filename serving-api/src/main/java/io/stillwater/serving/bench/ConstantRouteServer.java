package io.stillwater.serving.bench;

import io.javalin.Javalin;

/**
 * The benchmark's ceiling: a bare Javalin server whose {@code POST /v1/recommendations} returns a constant JSON
 * body without reading it. benchmarks/serve.sh drives it with the same wrk script as the real API, so the
 * difference between the two is what Stillwater's own work costs.
 */
public final class ConstantRouteServer {

  private static final byte[] BODY = ("{\"request_id\":\"r\",\"generation\":1,\"recommendations\":{\"sleep\":"
      + "[{\"content_id\":\"c\",\"title\":\"t\",\"score\":0.5}]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private ConstantRouteServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "7072");
    Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.routes.post("/v1/recommendations", ctx -> ctx.contentType("application/json").result(BODY));
      c.routes.get("/health/ready", ctx -> ctx.result("ready"));
    }).start("127.0.0.1", port);
  }
}
