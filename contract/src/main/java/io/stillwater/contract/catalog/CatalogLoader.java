package io.stillwater.contract.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a catalog file: a JSON array of items with {@code content_id, title, description,
 * category, themes, duration_s, narrator}. The project ships one ({@value #DEFAULT_RESOURCE}); a deployment
 * replaces it by passing its own file.
 */
public final class CatalogLoader {

  public static final String DEFAULT_RESOURCE = "/stillwater/catalog.json";
  static final Pattern CONTENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
  static final int MAX_DURATION_S = 4 * 3600;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogLoader() {}

  /** The shipped catalog, or {@code file} when given. */
  public static Catalog load(Optional<Path> file) {
    return file.map(CatalogLoader::load).orElseGet(CatalogLoader::loadDefault);
  }

  public static Catalog loadDefault() {
    try (InputStream in = CatalogLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the shipped catalog " + DEFAULT_RESOURCE + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Catalog load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new CatalogException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
  }

  public static Catalog parse(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CatalogException(source, List.of("not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new CatalogException(source, List.of("expected a non-empty JSON array of content items"));
    }
    List<String> problems = new ArrayList<>();
    List<ContentItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      ItemReader reader = new ItemReader(i, root.get(i), problems);
      ContentItem item = reader.read();
      if (item != null && !seen.add(item.contentId())) {
        problems.add(reader.where() + ": duplicate content_id");
      } else if (item != null) {
        items.add(item);
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(source, problems);
    }
    return new Catalog(items);
  }

  /** Reads one item, adding a problem per bad field. */
  private static final class ItemReader {
    private final int index;
    private final JsonNode node;
    private final List<String> problems;
    private final int problemsBefore;

    ItemReader(int index, JsonNode node, List<String> problems) {
      this.index = index;
      this.node = node;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    String where() {
      JsonNode id = node.get("content_id");
      return "item " + index + (id != null && id.isTextual() ? " (" + id.textValue() + ")" : "");
    }

    private void problem(String field, String reason) {
      problems.add(where() + ": " + field + " " + reason);
    }

    ContentItem read() {
      if (!node.isObject()) {
        problems.add("item " + index + ": not a JSON object");
        return null;
      }
      String id = text("content_id", 64);
      if (id != null && !CONTENT_ID.matcher(id).matches()) {
        problem("content_id", "must be a lowercase slug (a-z, 0-9, '-'), 3-64 characters: '" + id + "'");
      }
      String title = text("title", 200);
      String description = text("description", 2000);
      String categoryName = text("category", 32);
      Category category = null;
      if (categoryName != null) {
        category = Category.fromWireName(categoryName).orElse(null);
        if (category == null) {
          problem("category", "unknown category '" + categoryName + "', expected one of sleep, meditation, "
              + "focus, movement, stress, anxiety");
        }
      }
      List<String> themes = themes();
      Integer duration = duration();
      String narrator = text("narrator", 100);
      if (problems.size() > problemsBefore) {
        return null;
      }
      return new ContentItem(id, title, description, category, themes, duration, narrator);
    }

    private String text(String field, int maxLength) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        problem(field, "missing");
        return null;
      }
      if (!value.isTextual() || value.textValue().isBlank()) {
        problem(field, "must be a non-empty string");
        return null;
      }
      if (value.textValue().length() > maxLength) {
        problem(field, "longer than " + maxLength + " characters");
        return null;
      }
      return value.textValue();
    }

    private List<String> themes() {
      JsonNode value = node.get("themes");
      if (value == null || !value.isArray() || value.isEmpty()) {
        problem("themes", "must be a non-empty array of tags");
        return List.of();
      }
      List<String> themes = new ArrayList<>();
      for (JsonNode theme : value) {
        if (!theme.isTextual() || theme.textValue().isBlank()) {
          problem("themes", "must contain only non-empty strings");
          return List.of();
        }
        themes.add(theme.textValue());
      }
      return themes;
    }

    private Integer duration() {
      JsonNode value = node.get("duration_s");
      if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0 || value.intValue() > MAX_DURATION_S) {
        problem("duration_s", "must be a whole number of seconds in 1.." + MAX_DURATION_S);
        return null;
      }
      return value.intValue();
    }
  }
}
