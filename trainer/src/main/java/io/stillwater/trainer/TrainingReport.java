package io.stillwater.trainer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page: loss and AUC curves per epoch as inline SVG, the evaluation table and the gate. */
public final class TrainingReport {
  private TrainingReport() {}

  public static String html(String modelId, ModelCard card, List<Trainer.EpochStats> curve, int bestEpoch,
      Evaluation.Result evaluation, PromotionGate.Decision decision) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Training report ").append(esc(modelId))
        .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f4f4f4}"
            + ".fail{color:#b00}.pass{color:#070}</style></head><body>");
    h.append("<h1>Model ").append(esc(modelId)).append("</h1>");
    h.append("<p>").append(decision.promoted() ? "<b class=pass>Promoted</b> to candidate" : "<b class=fail>Rejected</b> by the promotion gate")
        .append(". Feature schema ").append(esc(card.featureSchemaVersion())).append(", trained ").append(esc(card.trainedAt()))
        .append(", code ").append(esc(card.codeVersion())).append(".</p>");
    h.append("<p>Data: ").append(esc(String.valueOf(card.data()))).append("</p>");
    h.append("<h2>Training curves</h2><p>Best epoch (weights kept): ").append(bestEpoch).append("</p>");
    h.append(chart("Log loss per epoch", curve, List.of(
        new Series("train", "#1f77b4", Trainer.EpochStats::trainLoss),
        new Series("validation", "#d62728", Trainer.EpochStats::validationLoss)), bestEpoch));
    h.append(chart("Validation AUC per epoch", curve, List.of(
        new Series("validation AUC", "#2ca02c", Trainer.EpochStats::validationAuc)), bestEpoch));
    h.append("<h2>Evaluation on the held-out range</h2>");
    h.append("<p>").append(evaluation.examples()).append(" held-out sessions (").append(evaluation.positives())
        .append(" completed); ").append(evaluation.queries()).append(" ranking queries, ")
        .append(fmt(evaluation.meanCandidates())).append(" candidates each on average.</p>");
    h.append("<table><tr><th>scorer</th><th>AUC</th><th>log loss</th><th>NDCG@10</th><th>recall@10</th></tr>");
    for (Map.Entry<String, Evaluation.ScorerMetrics> e : evaluation.metrics().entrySet()) {
      Evaluation.ScorerMetrics m = e.getValue();
      h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(fmt(m.auc())).append("</td><td>")
          .append(fmt(m.logLoss())).append("</td><td>").append(fmt(m.ndcgAt10())).append("</td><td>")
          .append(fmt(m.recallAt10())).append("</td></tr>");
    }
    h.append("</table><h2>Promotion gate</h2><ul>");
    for (PromotionGate.Check c : decision.checks()) {
      h.append("<li class=").append(c.passed() ? "pass" : "fail").append(">").append(esc(c.describe())).append("</li>");
    }
    h.append("</ul></body></html>\n");
    return h.toString();
  }

  private record Series(String name, String color, ToDoubleFunction<Trainer.EpochStats> value) {}

  private static String chart(String title, List<Trainer.EpochStats> curve, List<Series> series, int bestEpoch) {
    int w = 560, hgt = 260, left = 60, right = 20, top = 30, bottom = 40;
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Trainer.EpochStats e : curve) {
        double v = s.value().applyAsDouble(e);
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > min)) {
      max = min + 1e-3;
    }
    double pad = (max - min) * 0.08;
    min -= pad;
    max += pad;
    int epochs = Math.max(2, curve.size());
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
        .append("\" style=\"border:1px solid #ddd;margin:4px\"><text x=\"").append(left).append("\" y=\"18\" font-size=\"14\">")
        .append(esc(title)).append("</text>");
    s.append(line(left, hgt - bottom, w - right, hgt - bottom, "#999")).append(line(left, top, left, hgt - bottom, "#999"));
    for (int k = 0; k <= 4; k++) {
      double v = min + (max - min) * k / 4;
      double y = y(v, min, max, top, hgt - bottom);
      s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.4f</text>", y + 4, v));
    }
    for (Trainer.EpochStats e : curve) {
      double x = x(e.epoch(), epochs, left, w - right);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>", x, hgt - bottom + 15, e.epoch()));
    }
    if (bestEpoch > 0) {
      double x = x(bestEpoch, epochs, left, w - right);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#aaa\" stroke-dasharray=\"4\"/>", x, top, x, hgt - bottom));
    }
    int legendY = hgt - 8;
    int legendX = left;
    for (Series ser : series) {
      StringBuilder pts = new StringBuilder();
      for (Trainer.EpochStats e : curve) {
        double v = ser.value().applyAsDouble(e);
        if (!Double.isNaN(v)) {
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(e.epoch(), epochs, left, w - right), y(v, min, max, top, hgt - bottom)));
        }
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(ser.color()).append("\" points=\"").append(pts).append("\"/>");
      s.append("<text x=\"").append(legendX).append("\" y=\"").append(legendY).append("\" font-size=\"12\" fill=\"")
          .append(ser.color()).append("\">").append(esc(ser.name())).append("</text>");
      legendX += 130;
    }
    return s.append("</svg>").toString();
  }

  private static double x(int epoch, int epochs, int x0, int x1) {
    return x0 + (x1 - x0) * (epoch - 1) / (double) (epochs - 1);
  }

  private static double y(double v, double min, double max, int top, int bottom) {
    return bottom - (bottom - top) * (v - min) / (max - min);
  }

  private static String line(int x1, int y1, int x2, int y2, String color) {
    return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + color + "\"/>";
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
