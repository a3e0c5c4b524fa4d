package io.stillwater.serving.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stillwater.serving.live.LiveServing;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The API's Prometheus metrics (Micrometer), one registry per server: request latency per route as a
 * histogram, fallbacks by reason, candidates scored, events accepted and rejected, the prediction log's written
 * and dropped rows, and the live generation number.
 */
public final class ServingMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestRate recommendationRate = new RequestRate(System::currentTimeMillis);

  /** Gauges read {@code live} on each scrape: the generation served (0: none) and whether its model is loaded. */
  public ServingMetrics(LiveServing live) {
    Gauge.builder("stillwater_live_generation", live,
            l -> l.current().map(c -> (double) c.generation().number()).orElse(0.0))
        .description("Generation number being served (0: none)").register(registry);
    Gauge.builder("stillwater_model_loaded", live, l -> l.ready() ? 1.0 : 0.0)
        .description("1 when the live generation's model is loaded").register(registry);
  }

  /** One HTTP request: {@code route} is the matched route template (e.g. /v1/users/{user_id}/features). */
  public void request(String method, String route, int status, Duration elapsed) {
    Timer.builder("stillwater_http_requests")
        .description("HTTP request latency by route")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
        .maximumExpectedValue(Duration.ofSeconds(5))
        .register(registry)
        .record(elapsed);
    if (route.equals("/v1/recommendations")) {
      recommendationRate.record();
    }
  }

  /** Recommendation requests per second over the last minute. */
  public double recommendationsPerSecond() {
    return recommendationRate.perSecond();
  }

  public void fallback(String reason) {
    Counter.builder("stillwater_fallbacks").description("Responses that fell back to popularity, by reason")
        .tag("reason", reasonTag(reason)).register(registry).increment();
  }

  public void scoredCandidates(int n) {
    Counter.builder("stillwater_scored_candidates").description("Candidates scored by the model")
        .register(registry).increment(n);
  }

  public void events(int accepted, int rejected) {
    Counter.builder("stillwater_events").tag("outcome", "accepted").description("Events received on /v1/events")
        .register(registry).increment(accepted);
    Counter.builder("stillwater_events").tag("outcome", "rejected").description("Events received on /v1/events")
        .register(registry).increment(rejected);
  }

  /** The prediction log's counts, read on each scrape. */
  public void predictionLog(LongSupplier written, LongSupplier dropped, IntSupplier queued) {
    registry.more().counter("stillwater_prediction_log_rows_written", java.util.List.of(), written,
        w -> (double) w.getAsLong());
    registry.more().counter("stillwater_prediction_log_rows_dropped", java.util.List.of(), dropped,
        d -> (double) d.getAsLong());
    Gauge.builder("stillwater_prediction_log_queued", queued, q -> q.getAsInt()).register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  /** Model ids in reasons would make one series per model: keep the kind only. */
  static String reasonTag(String reason) {
    if (reason == null) {
      return "none";
    }
    if (reason.startsWith("model ")) {
      return reason.endsWith(" failed") ? "model failed" : "model missing";
    }
    return reason;
  }
}
