package io.stillwater.serving.http;

import io.javalin.http.Context;
import io.stillwater.serving.metrics.ServingMetrics;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.recommend.RecommendationService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/recommendations}: validate, recommend, answer, then hand the response to the prediction log. */
final class RecommendationHandler {

  private final RecommendationService service;
  private final PredictionLog predictionLog;
  private final ServingMetrics metrics;
  private final Clock clock;

  RecommendationHandler(RecommendationService service, PredictionLog predictionLog, ServingMetrics metrics, Clock clock) {
    this.service = service;
    this.predictionLog = predictionLog;
    this.metrics = metrics;
    this.clock = clock;
  }

  void handle(Context ctx) {
    if (!Responses.requireJson(ctx)) {
      return;
    }
    Instant now = clock.instant();
    RecommendationService.Request request;
    try {
      request = RequestValidation.parse(ctx.bodyAsBytes(), now);
    } catch (RequestValidation.BadRequest e) {
      Responses.error(ctx, 400, e.getMessage(), e.field());
      return;
    }
    RecommendationService.Response r;
    try {
      r = service.recommend(request);
    } catch (RecommendationService.NotReadyException e) {
      Responses.error(ctx, 503, e.getMessage(), null);
      return;
    }
    Responses.json(ctx, 200, body(request, r));
    if (r.fallback()) {
      metrics.fallback(r.fallbackReason());
    } else {
      metrics.scoredCandidates(r.scoredCandidates());
    }
    predictionLog.offer(new PredictionLog.Entry(now, request, r));
  }

  private static Map<String, Object> body(RecommendationService.Request request, RecommendationService.Response r) {
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
    return out;
  }
}
