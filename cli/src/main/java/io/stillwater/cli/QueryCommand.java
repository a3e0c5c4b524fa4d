package io.stillwater.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwater.cli.query.LakeSql;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stillwater query}: SQL over the workspace's lake (events, dead letters, training, snapshots). */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"SQL over the lake with DuckDB. Views: events, dead_letter, training, user_snapshots, content_snapshots.",
        "Example: stillwater query \"SELECT type, count(*) FROM events GROUP BY type\""})
final class QueryCommand implements Callable<Integer> {

  enum Format { table, csv, json }

  @Mixin WorkspaceOptions workspace;

  @Parameters(paramLabel = "SQL", description = "The query.")
  String sql;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--max-rows", defaultValue = "200", description = "Table format: rows shown at most (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path lake = workspace.workspace().resolve("lake");
    if (!Files.isDirectory(lake)) {
      throw new IllegalArgumentException("no lake at " + lake + "; run 'stillwater backfill' (or quickstart) first");
    }
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    LakeSql.Result result;
    try (LakeSql lakeSql = new LakeSql(lake)) {
      result = lakeSql.query(sql);
    } catch (SQLException e) {
      // Bad SQL is bad input: one clear line, status 2.
      throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("query failed"));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    switch (format) {
      case csv -> printCsv(result, out);
      case json -> out.println(toJson(result));
      default -> printTable(result, out);
    }
    out.flush();
    spec.commandLine().getErr().printf("(%d rows, %d ms)%n", result.rows().size(), millis);
    return 0;
  }

  private void printTable(LakeSql.Result r, PrintWriter out) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(r.columns());
    r.rows().stream().limit(maxRows).forEach(row -> cells.add(row.stream().map(QueryCommand::text).toList()));
    int[] widths = new int[r.columns().size()];
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.min(60, Math.max(widths[i], row.get(i).length()));
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i).length() > 60 ? row.get(i).substring(0, 57) + "..." : row.get(i);
        line.append(String.format("%-" + widths[i] + "s", cell)).append(i + 1 < row.size() ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
    if (r.rows().size() > maxRows) {
      out.printf("... %d more rows (--max-rows, or --format csv for all)%n", r.rows().size() - maxRows);
    }
  }

  private static void printCsv(LakeSql.Result r, PrintWriter out) {
    out.println(String.join(",", r.columns()));
    for (List<Object> row : r.rows()) {
      out.println(String.join(",", row.stream().map(v -> csv(text(v))).toList()));
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String toJson(LakeSql.Result r) {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode rows = mapper.createArrayNode();
    for (List<Object> row : r.rows()) {
      ObjectNode obj = rows.addObject();
      for (int i = 0; i < r.columns().size(); i++) {
        obj.set(r.columns().get(i), mapper.valueToTree(row.get(i) == null ? null : jsonValue(row.get(i))));
      }
    }
    return rows.toString();
  }

  private static Object jsonValue(Object v) {
    return v instanceof Number || v instanceof Boolean || v instanceof List<?> ? v : v.toString();
  }

  private static String text(Object v) {
    return v == null ? "NULL" : v.toString();
  }
}
