package io.stillwater.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.metrics.ServingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /}: a page a person reads at a glance: the live generation, its model and the model's held-out
 * metrics, the live slot's stream freshness (from the status file the stream writes), and the request rate.
 * Refreshes itself every 5 s.
 */
final class StatusPage {

  private final LiveServing live;
  private final ServingMetrics metrics;
  private final Optional<Path> streamDir;

  StatusPage(LiveServing live, ServingMetrics metrics, Optional<Path> streamDir) {
    this.live = live;
    this.metrics = metrics;
    this.streamDir = streamDir;
  }

  void handle(Context ctx) {
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" "
        + "content=\"5\"><title>Stillwater</title><style>body{font:15px system-ui,sans-serif;margin:2em;max-width:760px;"
        + "color:#222}td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}td.n{text-align:right;"
        + "font-variant-numeric:tabular-nums}.ok{color:#070}.bad{color:#b00}</style></head><body><h1>Stillwater</h1>");
    Optional<LiveServing.Current> current = live.current();
    if (current.isEmpty()) {
      h.append("<p class=\"bad\">Nothing is live yet: run <code>./stillwater retrain</code>.</p>");
    } else {
      Generation g = current.get().generation();
      h.append("<table>");
      row(h, "live generation", g.number() + " (" + g.slot().wireName() + "), live since " + g.liveSince());
      row(h, "model", g.modelId() + (current.get().model().isPresent() ? "" : " — NOT LOADED: popularity fallback"));
      row(h, "feature schema", g.featureSchemaVersion());
      row(h, "backfill watermark", String.valueOf(g.backfillWatermark()));
      row(h, "requests/s (last minute)", String.format(Locale.ROOT, "%.1f", metrics.recommendationsPerSecond()));
      stream(h, g.slot().wireName());
      h.append("</table>");
      current.get().model().ifPresent(m -> {
        Map<String, Map<String, Object>> byScorer = m.card().metrics();
        h.append("<h2>Model on its held-out range</h2><table><tr><th>scorer</th><th>AUC</th><th>log loss</th>"
            + "<th>NDCG@10</th><th>recall@10</th></tr>");
        byScorer.forEach((scorer, values) -> h.append("<tr><td>").append(esc(scorer)).append("</td>")
            .append(num(values.get("auc"))).append(num(values.get("log_loss"))).append(num(values.get("ndcg_at_10")))
            .append(num(values.get("recall_at_10"))).append("</tr>"));
        h.append("</table>");
      });
    }
    h.append("<p><a href=\"/metrics\">metrics</a> · <a href=\"/health/ready\">ready</a></p></body></html>");
    ctx.contentType("text/html; charset=utf-8").result(h.toString());
  }

  private void stream(StringBuilder h, String slot) {
    Optional<JsonNode> s = streamDir.map(d -> d.resolve("status-" + slot + ".json")).filter(Files::exists).flatMap(f -> {
      try {
        return Optional.of(Responses.JSON.readTree(f.toFile()));
      } catch (IOException e) {
        return Optional.empty();
      }
    });
    if (s.isEmpty()) {
      row(h, "stream freshness", "no stream status for " + slot + " (is './stillwater stream --slot " + slot + "' running?)");
      return;
    }
    JsonNode st = s.get();
    row(h, "stream freshness (event → store)", "p50 " + ms(st.get("freshness_p50_ms")) + ", p99 " + ms(st.get("freshness_p99_ms"))
        + "; lag " + ms(st.get("lag_ms")) + "; " + String.format(Locale.ROOT, "%.0f", st.path("events_per_s").asDouble())
        + " events/s; status of " + st.path("updated_at").asText());
  }

  private static String ms(JsonNode n) {
    return n == null || n.isNull() ? "-" : n.asLong() + " ms";
  }

  private static String num(Object v) {
    return "<td class=\"n\">" + (v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "-") + "</td>";
  }

  private static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
