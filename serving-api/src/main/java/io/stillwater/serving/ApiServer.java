package io.stillwater.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP layer (Javalin 7): thin handlers over {@link RecommendationService}. Every response is JSON; errors
 * are {@code {"error": ..., "field": ...}} and never carry a stack trace.
 *
 * <p>Routes: {@code POST /v1/recommendations}, {@code GET /health/live}, {@code GET /health/ready} (503 until a
 * generation is live and its model is loaded).
 */
public final class ApiServer implements AutoCloseable {

  /** Request bodies larger than this are refused (413). */
  public static final long MAX_BODY_BYTES = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecommendationService service;
  private final Clock clock;
  private final Javalin app;

  public ApiServer(RecommendationService service, Clock clock) {
    this.service = service;
    this.clock = clock;
    this.app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.http.maxRequestSize = MAX_BODY_BYTES;
      c.routes.post("/v1/recommendations", this::recommendations);
      c.routes.get("/health/live", ctx -> json(ctx, 200, Map.of("status", "live")));
      c.routes.get("/health/ready", this::ready);
      c.routes.exception(io.javalin.http.HttpResponseException.class,
          (e, ctx) -> error(ctx, e.getStatus(), e.getStatus() == 413 ? "body larger than " + MAX_BODY_BYTES + " bytes"
              : HttpStatus.forStatus(e.getStatus()).getMessage().toLowerCase(), null));
      c.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error", null));
      c.routes.error(404, "*", ctx -> error(ctx, 404, "not found", null));
      c.routes.error(405, "*", ctx -> error(ctx, 405, "method not allowed", null));
    });
  }

  /** Starts on {@code port} (0: any free port) on 127.0.0.1 unless {@code host} says otherwise. */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  private void recommendations(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      error(ctx, 415, "Content-Type must be application/json", null);
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      error(ctx, 413, "body larger than " + MAX_BODY_BYTES + " bytes", null);
      return;
    }
    RecommendationService.Request request;
    try {
      request = RequestValidation.parse(body, clock.instant());
    } catch (RequestValidation.BadRequest e) {
      error(ctx, 400, e.getMessage(), e.field());
      return;
    }
    RecommendationService.Response r;
    try {
      r = service.recommend(request);
    } catch (RecommendationService.NotReadyException e) {
      error(ctx, 503, e.getMessage(), null);
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("request_id", r.requestId());
    out.put("user_id", request.userId());
    out.put("generation", r.generation());
    out.put("slot", r.slot());
    out.put("model_id", r.modelId());
    out.put("fallback", r.fallback());
    out.put("fallback_reason", r.fallbackReason());
    Map<String, Object> lists = new LinkedHashMap<>();
    r.lists().forEach((flag, items) -> {
      List<Map<String, Object>> l = new ArrayList<>(items.size());
      for (RecommendationService.Item i : items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("content_id", i.contentId());
        m.put("title", i.title());
        m.put("score", i.score());
        l.add(m);
      }
      lists.put(flag.wireName(), l);
    });
    out.put("recommendations", lists); // the wire name in DESIGN.md
    json(ctx, 200, out);
  }

  private void ready(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ready = service.ready();
    out.put("status", ready ? "ready" : "not ready");
    service.liveGeneration().ifPresent(g -> {
      out.put("generation", g.number());
      out.put("model_id", g.modelId());
    });
    json(ctx, ready ? 200 : 503, out);
  }

  private static void error(Context ctx, int status, String message, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message);
    if (field != null) {
      out.put("field", field);
    }
    json(ctx, status, out);
  }

  private static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(HttpStatus.forStatus(status)).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("application/json").result("{\"error\":\"internal error\"}");
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
