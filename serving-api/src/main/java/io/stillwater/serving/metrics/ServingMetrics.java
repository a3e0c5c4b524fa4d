package io.stillwater.serving.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stillwater.serving.live.LiveServing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final List<Object> meterSources = new CopyOnWriteArrayList<>();

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
    functionCounter("stillwater_prediction_log_rows_written", "Prediction log rows written as Parquet", written);
    functionCounter("stillwater_prediction_log_rows_dropped", "Responses not logged because the queue was full", dropped);
    gauge("stillwater_prediction_log_queued", "Responses waiting to be logged", queued);
  }

  /** The prediction log's uploads to an S3 lake, read on each scrape (all 0 with a local lake). */
  public void predictionUploads(LongSupplier uploaded, LongSupplier failures, IntSupplier waiting) {
    functionCounter("stillwater_prediction_log_files_uploaded", "Prediction log files uploaded to the S3 lake", uploaded);
    functionCounter("stillwater_prediction_log_upload_failures",
        "Prediction log uploads that failed (the file stays and is retried)", failures);
    gauge("stillwater_prediction_log_files_waiting", "Finished prediction log files not yet uploaded to the S3 lake",
        waiting);
  }

  // Micrometer holds a function meter's object weakly, and the method references passed in are held by nothing
  // else: after a GC the gauge read NaN and the counters froze. These keep them reachable as long as the metrics.
  private void functionCounter(String name, String description, LongSupplier value) {
    meterSources.add(value);
    FunctionCounter.builder(name, value, v -> (double) v.getAsLong()).description(description).register(registry);
  }

  private void gauge(String name, String description, IntSupplier value) {
    meterSources.add(value);
    Gauge.builder(name, value, v -> v.getAsInt()).description(description).register(registry);
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
