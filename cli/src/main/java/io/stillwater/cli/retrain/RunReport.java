package io.stillwater.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run report, {@code <workspace>/runs/<run_id>/report.html}: one self-contained page (inline SVG, no
 * scripts, no external files) with the run's outcome, the new model's metrics against popularity and the live
 * model, the shift of each numeric user feature between the live generation's snapshot and the new one (in
 * standard deviations of the old), and each step's status and time.
 */
final class RunReport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] METRICS = {"auc", "log_loss", "ndcg_at_10", "recall_at_10"};

  private RunReport() {}

  static Path write(Path runDir, RunManifest m, Path workspace) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Stillwater retrain ").append(esc(m.runId))
        .append("</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}"
            + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#b00}.done{color:#070}</style></head><body>");
    h.append("<h1>Retrain run ").append(esc(m.runId)).append("</h1>");
    h.append("<p>Status: <b class=\"").append(esc(m.status)).append("\">").append(esc(m.status)).append("</b>");
    if (m.failure != null) {
      h.append(" — ").append(esc(m.failure)).append(". The live generation was not changed; run <code>retrain</code> again to resume.");
    }
    h.append("</p><table>");
    row(h, "watermark", m.watermark);
    row(h, "stream position at the watermark", m.streamPosition);
    row(h, "live before", m.liveGenerationBefore == 0 ? "none" : m.liveGenerationBefore + " (" + m.liveSlotBefore + ", model " + m.liveModelBefore + ")");
    row(h, "new generation", m.generation == null ? "-" : m.generation + " (" + m.standbySlot + ")");
    row(h, "new model", m.modelId);
    m.counts.forEach((k, v) -> row(h, k.replace('_', ' '), v));
    h.append("</table>");

    h.append("<h2>Model: new vs popularity vs live (held-out range)</h2>");
    metrics(h, workspace, m.modelId);
    h.append("<h2>Feature distribution shift between snapshots (users)</h2>");
    shift(h, workspace, m);
    h.append("<h2>Steps</h2>");
    steps(h, m);
    h.append("</body></html>\n");
    Path file = runDir.resolve("report.html");
    try {
      Files.writeString(file, h);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static void metrics(StringBuilder h, Path workspace, String modelId) {
    if (modelId == null) {
      h.append("<p>No model trained in this run.</p>");
      return;
    }
    JsonNode card;
    try {
      card = JSON.readTree(workspace.resolve("models").resolve(modelId).resolve("model.json").toFile());
    } catch (IOException e) {
      h.append("<p>model.json unreadable.</p>");
      return;
    }
    JsonNode metrics = card.path("metrics");
    List<String> scorers = new ArrayList<>();
    metrics.fieldNames().forEachRemaining(scorers::add);
    h.append("<table><tr><th>scorer</th>");
    for (String k : METRICS) {
      h.append("<th>").append(k).append("</th>");
    }
    h.append("</tr>");
    for (String s : scorers) {
      h.append("<tr><td>").append(esc(s)).append("</td>");
      for (String k : METRICS) {
        h.append("<td class=\"n\">").append(fmt(metrics.path(s).path(k).asDouble(Double.NaN))).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    // Grouped bars: one group per metric, one bar per scorer.
    String[] colors = {"#2b6cb0", "#a0aec0", "#dd6b20"};
    int width = 640;
    int groupWidth = width / METRICS.length;
    StringBuilder svg = new StringBuilder("<svg width=\"" + width + "\" height=\"190\" xmlns=\"http://www.w3.org/2000/svg\">");
    for (int g = 0; g < METRICS.length; g++) {
      double max = 0;
      for (String s : scorers) {
        max = Math.max(max, metrics.path(s).path(METRICS[g]).asDouble(0));
      }
      for (int i = 0; i < scorers.size(); i++) {
        double v = metrics.path(scorers.get(i)).path(METRICS[g]).asDouble(0);
        int bh = max <= 0 ? 0 : (int) Math.round(140 * v / max);
        int x = g * groupWidth + 10 + i * 36;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"30\" height=\"%d\" fill=\"%s\"><title>%s %s %.4f</title></rect>",
            x, 150 - bh, bh, colors[i % colors.length], esc(scorers.get(i)), METRICS[g], v));
      }
      svg.append("<text x=\"").append(g * groupWidth + 10).append("\" y=\"170\">").append(METRICS[g]).append("</text>");
    }
    for (int i = 0; i < scorers.size(); i++) {
      svg.append("<rect x=\"").append(10 + i * 110).append("\" y=\"178\" width=\"10\" height=\"10\" fill=\"")
          .append(colors[i % colors.length]).append("\"/><text x=\"").append(24 + i * 110).append("\" y=\"188\">")
          .append(esc(scorers.get(i))).append("</text>");
    }
    h.append(svg).append("</svg>");
  }

  private static void shift(StringBuilder h, Path workspace, RunManifest m) {
    Optional<String> before = m.liveGenerationBefore == 0 ? Optional.empty()
        : FileGenerationRegistry.inWorkspace(workspace).read().generation(m.liveGenerationBefore).map(Generation::snapshot);
    Path after = m.watermark == null ? null : workspace.resolve("lake").resolve("snapshots")
        .resolve("asof=" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC).format(m.watermark));
    if (before.isEmpty() || after == null || !Files.isDirectory(after)) {
      h.append("<p>No earlier snapshot to compare with (first generation, or the backfill has not run).</p>");
      return;
    }
    Map<String, double[]> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      String oldGlob = "'" + Path.of(before.get()).resolve("entity=user").resolve("*.parquet").toString().replace("'", "''") + "'";
      String newGlob = "'" + after.resolve("entity=user").resolve("*.parquet").toString().replace("'", "''") + "'";
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + newGlob + ")")) {
        while (rs.next()) {
          String type = rs.getString(2);
          if (type.matches("BIGINT|INTEGER|DOUBLE|FLOAT")) {
            columns.add(rs.getString(1));
          }
        }
      }
      for (String col : columns) {
        String q = "\"" + col.replace("\"", "\"\"") + "\"";
        try (ResultSet rs = s.executeQuery("SELECT (SELECT avg(" + q + ") FROM read_parquet(" + oldGlob + ")), "
            + "(SELECT stddev_pop(" + q + ") FROM read_parquet(" + oldGlob + ")), "
            + "(SELECT avg(" + q + ") FROM read_parquet(" + newGlob + "))")) {
          rs.next();
          rows.put(col, new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)});
        } catch (SQLException e) {
          // the column is new in this snapshot: nothing to compare
        }
      }
    } catch (SQLException e) {
      h.append("<p>Could not compare snapshots: ").append(esc(e.getMessage())).append("</p>");
      return;
    }
    h.append("<table><tr><th>feature</th><th>mean before</th><th>mean now</th><th>shift (sd)</th><th></th></tr>");
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      double[] v = e.getValue();
      double shift = v[1] > 0 ? (v[2] - v[0]) / v[1] : 0;
      int w = (int) Math.min(100, Math.round(Math.abs(shift) * 50));
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(fmt(v[0]))
          .append("</td><td class=\"n\">").append(fmt(v[2])).append("</td><td class=\"n\">").append(fmt(shift))
          .append("</td><td><svg width=\"110\" height=\"10\"><rect x=\"").append(shift < 0 ? 55 - Math.min(55, w / 2 + 1) : 55)
          .append("\" y=\"1\" width=\"").append(Math.min(55, w / 2 + 1)).append("\" height=\"8\" fill=\"")
          .append(Math.abs(shift) > 0.5 ? "#c53030" : "#4a5568").append("\"/></svg></td></tr>");
    }
    h.append("</table>");
  }

  private static void steps(StringBuilder h, RunManifest m) {
    double max = m.steps.stream().mapToDouble(r -> r.seconds == null ? 0 : r.seconds).max().orElse(1);
    h.append("<table><tr><th>step</th><th>status</th><th>attempts</th><th>seconds</th><th></th><th>detail</th></tr>");
    for (RunManifest.StepRecord r : m.steps) {
      double sec = r.seconds == null ? 0 : r.seconds;
      int w = max <= 0 ? 0 : (int) Math.round(200 * sec / max);
      h.append("<tr><td>").append(esc(r.step)).append("</td><td class=\"").append(esc(r.status)).append("\">")
          .append(esc(r.status)).append("</td><td class=\"n\">").append(r.attempts).append("</td><td class=\"n\">")
          .append(r.seconds == null ? "" : String.format(Locale.ROOT, "%.1f", sec))
          .append("</td><td><svg width=\"200\" height=\"10\"><rect width=\"").append(w)
          .append("\" height=\"10\" fill=\"#2b6cb0\"/></svg></td><td>").append(esc(r.detail)).append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void row(StringBuilder h, String k, Object v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v == null ? "-" : v.toString())).append("</td></tr>");
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
