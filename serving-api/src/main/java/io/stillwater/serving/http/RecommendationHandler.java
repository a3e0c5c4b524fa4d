package io.stillwater.serving.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
  private final WarmUp warmUp;

  RecommendationHandler(RecommendationService service, PredictionLog predictionLog, ServingMetrics metrics, Clock clock,
      WarmUp warmUp) {
    this.service = service;
    this.predictionLog = predictionLog;
    this.metrics = metrics;
    this.clock = clock;
    this.warmUp = warmUp;
  }

  void handle(Context ctx) {
    if (!Responses.requireJson(ctx)) {
      return;
    }
    Instant now = clock.instant();
    RecommendationService.Request request;
    try {
      request = RequestValidation.parse(RequestBodies.read(ctx), now);
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
    if (warmUp.marks(ctx.header(WarmUp.HEADER))) {
      return; // answered, but not a prediction anyone was shown
    }
    if (r.fallback()) {
      metrics.fallback(r.fallbackReason());
    } else {
      metrics.scoredCandidates(r.scoredCandidates());
    }
    predictionLog.offer(new PredictionLog.Entry(now, request, r));
  }

  /** The response body (DESIGN.md "Serving API"), as records: Jackson writes them without a map per item. */
  @JsonPropertyOrder({"request_id", "user_id", "generation", "slot", "model_id", "fallback", "fallback_reason",
      "recommendations"})
  record Body(@JsonProperty("request_id") String requestId, @JsonProperty("user_id") String userId, int generation,
      String slot, @JsonProperty("model_id") String modelId, boolean fallback,
      @JsonProperty("fallback_reason") String fallbackReason, Map<String, List<ListedItem>> recommendations) {}

  @JsonPropertyOrder({"content_id", "title", "score"})
  record ListedItem(@JsonProperty("content_id") String contentId, String title, double score) {}

  private static Body body(RecommendationService.Request request, RecommendationService.Response r) {
    Map<String, List<ListedItem>> lists = new LinkedHashMap<>();
    r.lists().forEach((flag, items) -> {
      List<ListedItem> l = new ArrayList<>(items.size());
      for (RecommendationService.Item i : items) {
        l.add(new ListedItem(i.contentId(), i.title(), i.score()));
      }
      lists.put(flag.wireName(), l);
    });
    return new Body(r.requestId(), request.userId(), r.generation(), r.slot(), r.modelId(), r.fallback(),
        r.fallbackReason(), lists);
  }
}
