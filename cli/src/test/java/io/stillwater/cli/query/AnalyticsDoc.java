package io.stillwater.cli.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/analytics.md as tests read it: the worked questions' SQL, by the name on each block's first line. */
final class AnalyticsDoc {

  private static final Pattern QUESTION = Pattern.compile("```sql\\n-- question: ([a-z0-9_]+)\\n(.*?)```", Pattern.DOTALL);

  private AnalyticsDoc() {}

  static Path file() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve("docs/analytics.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new IllegalStateException("docs/analytics.md not found above " + Path.of("").toAbsolutePath());
  }

  static String text() {
    try {
      return Files.readString(file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Question name to its SQL, in the doc's order. */
  static Map<String, String> questions() {
    Map<String, String> questions = new LinkedHashMap<>();
    Matcher m = QUESTION.matcher(text());
    while (m.find()) {
      if (questions.put(m.group(1), m.group(2).strip()) != null) {
        throw new IllegalStateException("two questions named " + m.group(1));
      }
    }
    return questions;
  }

  /** A table's documented DuckDB columns (name to type) from its schema table, leaving out those marked "-". */
  static Map<String, String> duckDbColumns(String view) {
    String doc = text();
    int start = doc.indexOf("\n### " + view + "\n");
    if (start < 0) {
      throw new IllegalStateException("no section ### " + view);
    }
    int end = doc.indexOf("\n##", start + 5);
    Map<String, String> columns = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_0-9]+)` \\| ([^|]+) \\|").matcher(doc.substring(start, end));
    while (row.find()) {
      if (!row.group(2).strip().equals("-")) {
        columns.put(row.group(1), row.group(2).strip());
      }
    }
    return columns;
  }
}
