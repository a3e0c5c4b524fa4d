package io.stillwater.serving.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.router.Endpoint;
import io.stillwater.serving.admin.GenerationAdmin;
import io.stillwater.serving.admin.UserFeatureInspector;
import io.stillwater.serving.ingest.EventIngest;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.metrics.ServingMetrics;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.recommend.RecommendationService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP layer (Javalin 7): the route table and error mapping; handlers are thin and the work is done by the
 * plain-Java services they call. Every response is JSON (except the Prometheus text); errors are
 * {@code {"error": ..., "field": ...}} and never carry a stack trace. docs/openapi.yaml describes {@link #routes()}.
 */
public final class ApiServer implements AutoCloseable {

  /** Request bodies larger than this are refused (413): a recommendations request or a batch of events. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  /** One route: method and Javalin path template. */
  public record Route(String method, String path) {}

  /** What the routes serve from. */
  public record Services(RecommendationService recommendations, UserFeatureInspector userFeatures,
      GenerationAdmin generations, EventIngest events, LiveServing live, PredictionLog predictionLog,
      ServingMetrics metrics, Optional<Path> streamStatusDir) {}

  private final Javalin app;
  private final List<Route> routes;
  private final WarmUp warmUp;
  /** While true, /health/ready answers 503 "warming up" (live answers 200: the process is fine). */
  private final AtomicBoolean warming = new AtomicBoolean();

  /** @param adminToken the bearer token for admin routes; empty disables them */
  public ApiServer(Services services, Optional<String> adminToken, Clock clock) {
    warmUp = new WarmUp(services.live(), UUID.randomUUID().toString());
    RecommendationHandler recommend = new RecommendationHandler(services.recommendations(), services.predictionLog(),
        services.metrics(), clock, warmUp);
    AdminHandlers admin = new AdminHandlers(new AdminAccess(adminToken), services.userFeatures(),
        services.generations(), clock);
    EventsHandler events = new EventsHandler(services.events(), services.metrics());
    Map<Route, Handler> handlers = new LinkedHashMap<>();
    handlers.put(new Route("POST", "/v1/recommendations"), recommend::handle);
    handlers.put(new Route("POST", "/v1/events"), events::handle);
    handlers.put(new Route("GET", "/v1/users/{user_id}/features"), admin::userFeatures);
    handlers.put(new Route("GET", "/v1/generations"), admin::list);
    handlers.put(new Route("POST", "/v1/generations/{slot}/promote"), admin::promote);
    handlers.put(new Route("POST", "/v1/generations/{slot}/rollback"), admin::rollback);
    StatusPage status = new StatusPage(services.live(), services.metrics(), services.streamStatusDir());
    handlers.put(new Route("GET", "/"), status::handle);
    handlers.put(new Route("GET", "/health/live"), ctx -> Responses.json(ctx, 200, Map.of("status", "live")));
    handlers.put(new Route("GET", "/health/ready"), ctx -> ready(ctx, services.live(), warming.get()));
    handlers.put(new Route("GET", "/metrics"), ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(services.metrics().scrape()));
    this.routes = List.copyOf(handlers.keySet());
    ServingMetrics metrics = services.metrics();
    this.app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.http.maxRequestSize = MAX_BODY_BYTES;
      handlers.forEach((route, handler) -> c.routes.addEndpoint(
          new Endpoint(HandlerType.findOrCreate(route.method()), route.path(), handler)));
      c.requestLogger.http((ctx, ms) -> {
        if (!warmUp.marks(ctx.header(WarmUp.HEADER))) {
          metrics.request(ctx.method().name(), routeOf(ctx), ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000)));
        }
      });
      c.routes.exception(io.javalin.http.HttpResponseException.class,
          (e, ctx) -> Responses.error(ctx, e.getStatus(), e.getStatus() == 413
              ? "body larger than " + MAX_BODY_BYTES + " bytes"
              : HttpStatus.forStatus(e.getStatus()).getMessage().toLowerCase(), null));
      c.routes.exception(Exception.class, (e, ctx) -> Responses.error(ctx, 500, "internal error", null));
      c.routes.error(404, "*", ctx -> {
        if (ctx.result() == null) {
          Responses.error(ctx, 404, "not found", null);
        }
      });
      c.routes.error(405, "*", ctx -> Responses.error(ctx, 405, "method not allowed", null));
    });
  }

  /** Starts on {@code port} (0: any free port) on {@code host}. */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  /**
   * Starts as {@link #start}, then runs the {@link WarmUp} for {@code budget} before /health/ready says ready
   * (it answers 503 "warming up" meanwhile, and /health/live 200).
   */
  public WarmUp.Result startWarmedUp(String host, int port, Duration budget) {
    warming.set(true);
    try {
      start(host, port);
      String loopback = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
      return warmUp.run(URI.create("http://" + loopback + ":" + port()), budget);
    } finally {
      warming.set(false);
    }
  }

  public int port() {
    return app.port();
  }

  /** Every route served, in declaration order. */
  public List<Route> routes() {
    return routes;
  }

  /** The matched route template, so metrics have one series per route rather than per user id. */
  private static String routeOf(Context ctx) {
    Endpoint e = ctx.endpoints().matchedHttpEndpoint();
    return e == null ? "unmatched" : e.path;
  }

  private static void ready(Context ctx, LiveServing live, boolean warming) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ready = live.ready() && !warming;
    out.put("status", ready ? "ready" : warming ? "warming up" : "not ready");
    live.current().ifPresent(c -> {
      out.put("generation", c.generation().number());
      out.put("slot", c.generation().slot().wireName());
      out.put("model_id", c.generation().modelId());
      out.put("model_loaded", c.model().isPresent());
    });
    Responses.json(ctx, ready ? 200 : 503, out);
  }

  @Override
  public void close() {
    app.stop();
  }
}
