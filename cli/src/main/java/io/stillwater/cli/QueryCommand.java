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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stillwater query}: DuckDB SQL over the lake's tables (docs/analytics.md). */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"SQL over the lake with DuckDB (in-process). Views: events, dead_letters, training_examples, snapshots,",
        "predictions, generations (the feature store's registry history) and catalog (the content catalog).",
        "Schemas and worked examples: docs/analytics.md.",
        "Example: stillwater query \"SELECT type, count(*) FROM events GROUP BY type\""})
final class QueryCommand implements Callable<Integer> {

  /** The environment variable naming the lake root when --lake is not given. */
  static final String LAKE_ENV = "STILLWATER_LAKE";

  enum Format { table, csv, json }

  @Mixin WorkspaceOptions workspace;

  @Parameters(paramLabel = "SQL", arity = "0..1", description = "The query (one statement); or --file.")
  Optional<String> sqlArgument = Optional.empty();

  @Option(names = "--file", paramLabel = "FILE.sql", description = "Read the query from a file ('-' for stdin).")
  Optional<Path> file = Optional.empty();

  @Option(names = "--lake", paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "The lake root (default: $" + LAKE_ENV + ", else <workspace>/lake). s3:// needs DuckDB's httpfs extension.")
  Optional<String> lakeOption = Optional.empty();

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the result to FILE.parquet or FILE.csv (DuckDB COPY) instead of stdout.")
  Optional<Path> out = Optional.empty();

  @Option(names = "--explain", description = "Print DuckDB's query plan instead of running the query.")
  boolean explain;

  @Option(names = "--max-rows", defaultValue = "200", description = "Table format: rows shown at most (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Spec CommandSpec spec;

  /** The process environment; tests stand in for it. */
  static java.util.function.Function<String, String> env = System::getenv;

  String lake() {
    return lakeOption.or(() -> Optional.ofNullable(env.apply(LAKE_ENV)).filter(s -> !s.isBlank()))
        .orElseGet(() -> workspace.workspace().resolve("lake").toString());
  }

  /** The query: the argument, or the file's text; exactly one of them. */
  String sql() throws java.io.IOException {
    if (sqlArgument.isPresent() == file.isPresent()) {
      throw new IllegalArgumentException("give the query as an argument or with --file, one of them");
    }
    if (file.isPresent()) {
      if (!file.get().toString().equals("-") && !Files.isRegularFile(file.get())) {
        throw new IllegalArgumentException("no query file at " + file.get());
      }
      return file.get().toString().equals("-")
          ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          : Files.readString(file.get());
    }
    return sqlArgument.get();
  }

  @Override
  public Integer call() throws Exception {
    String sql = sql();
    String lake = lake();
    if (!LakeSql.isRemote(lake) && !Files.isDirectory(Path.of(lake))) {
      throw new IllegalArgumentException("no lake at " + lake + "; run 'stillwater backfill' (or quickstart) first");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path registry = workspace.workspace().resolve("store").resolve("registry.json");
    long start = System.nanoTime();
    try (LakeSql lakeSql = new LakeSql(lake, Optional.of(registry), workspace.loadCatalog())) {
      if (explain) {
        stdout.print(lakeSql.explain(sql));
        stdout.flush();
        return 0;
      }
      if (out.isPresent()) {
        long rows = lakeSql.copyTo(sql, out.get().toAbsolutePath().toString());
        stderr.printf("wrote %d rows to %s (%d ms)%n", rows, out.get(), (System.nanoTime() - start) / 1_000_000);
        return 0;
      }
      LakeSql.Result result = lakeSql.query(sql);
      long millis = (System.nanoTime() - start) / 1_000_000;
      switch (format) {
        case csv -> printCsv(result, stdout);
        case json -> stdout.println(toJson(result));
        default -> printTable(result, stdout, maxRows);
      }
      stdout.flush();
      stderr.printf("(%d rows, %d ms)%n", result.rows().size(), millis);
      return 0;
    } catch (SQLException e) {
      // Bad SQL is bad input: DuckDB's own message (it names the problem and points at it), status 2, no stack trace.
      String message = e.getMessage() == null ? "query failed" : e.getMessage().strip();
      throw new IllegalArgumentException(message.replaceAll("\n\\s*\n", "\n"));
    }
  }

  /** Column-aligned text: numbers right-aligned, long cells cut at 60 characters. */
  static void printTable(LakeSql.Result r, PrintWriter out, int maxRows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(r.columns());
    r.rows().stream().limit(maxRows).forEach(row -> cells.add(row.stream().map(QueryCommand::text).toList()));
    int[] widths = new int[r.columns().size()];
    boolean[] numeric = new boolean[r.columns().size()];
    for (int i = 0; i < numeric.length; i++) {
      numeric[i] = r.types().get(i).matches("(?i)TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL.*|U.*INT");
    }
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.min(60, Math.max(widths[i], row.get(i).length()));
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i).length() > 60 ? row.get(i).substring(0, 57) + "..." : row.get(i);
        line.append(String.format("%" + (numeric[i] ? "" : "-") + widths[i] + "s", cell)).append(i + 1 < row.size() ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
    if (r.rows().size() > maxRows) {
      out.printf("... %d more rows (--max-rows, or --format csv for all)%n", r.rows().size() - maxRows);
    }
  }

  private static void printCsv(LakeSql.Result r, PrintWriter out) {
    out.println(String.join(",", r.columns().stream().map(QueryCommand::csv).toList()));
    for (List<Object> row : r.rows()) {
      out.println(String.join(",", row.stream().map(v -> v == null ? "" : csv(plain(v).toString())).toList()));
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
    if (v instanceof List<?> list) {
      return list.stream().map(x -> x == null ? null : jsonValue(x)).toList();
    }
    return v instanceof Number || v instanceof Boolean ? v : plain(v).toString();
  }

  private static String text(Object v) {
    return v == null ? "NULL" : plain(v).toString();
  }

  /** Timestamps as ISO-8601 UTC instants (as events carry them), everything else as JDBC returned it. */
  private static Object plain(Object v) {
    return v instanceof java.time.OffsetDateTime t ? t.toInstant().toString() : v;
  }
}
