package io.stillwater.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.stillwater.serving.ingest.EventIngest;
import io.stillwater.serving.metrics.ServingMetrics;
import io.stillwater.stream.EventSinkException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/events}: 202 when every event was accepted, 207 with the rejected ones when some were, 400
 * when none were; 503 when the stream cannot take them (the client retries: events are de-duplicated by id).
 */
final class EventsHandler {

  private final EventIngest ingest;
  private final ServingMetrics metrics;

  EventsHandler(EventIngest ingest, ServingMetrics metrics) {
    this.ingest = ingest;
    this.metrics = metrics;
  }

  void handle(Context ctx) {
    if (!Responses.requireJson(ctx)) {
      return;
    }
    JsonNode body;
    try {
      body = RequestValidation.STRICT.readTree(RequestBodies.read(ctx));
    } catch (IOException e) {
      Responses.error(ctx, 400, "body is not valid JSON", null);
      return;
    }
    if (body == null || body.isMissingNode() || !(body.isObject() || body.isArray())) {
      Responses.error(ctx, 400, "body must be an event object or an array of events", null);
      return;
    }
    EventIngest.Outcome outcome;
    try {
      outcome = ingest.ingest(body);
    } catch (EventIngest.BadBatch e) {
      Responses.error(ctx, 400, e.getMessage(), null);
      return;
    } catch (EventSinkException e) {
      Responses.error(ctx, 503, "event stream unavailable; retry (events are de-duplicated by event_id)", null);
      return;
    }
    metrics.events(outcome.accepted(), outcome.rejections().size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", outcome.accepted());
    if (outcome.rejections().isEmpty()) {
      Responses.json(ctx, 202, out);
      return;
    }
    out.put("errors", outcome.rejections().stream().map(EventsHandler::error).toList());
    Responses.json(ctx, outcome.accepted() == 0 ? 400 : 207, out);
  }

  private static Map<String, Object> error(EventIngest.Rejection r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", r.index());
    m.put("field", r.field());
    m.put("reason", r.reason());
    return m;
  }
}
