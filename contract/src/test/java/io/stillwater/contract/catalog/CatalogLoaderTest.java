package io.stillwater.contract.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  // ---- the shipped catalog ----

  @Test
  void shipped_catalog_loads_with_at_least_200_items() {
    Catalog catalog = CatalogLoader.loadDefault();

    assertThat(catalog.size()).isGreaterThanOrEqualTo(200);
    assertThat(catalog.items()).hasSize(catalog.size());
    assertThat(catalog.contentIds()).hasSize(catalog.size());
  }

  @Test
  void shipped_catalog_has_all_six_categories_with_at_least_25_items_each() {
    Catalog catalog = CatalogLoader.loadDefault();

    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    for (Category category : Category.values()) {
      counts.put(category, catalog.inCategory(category).size());
    }
    assertThat(counts).containsOnlyKeys(Category.values());
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(25));
    assertThat(Category.values())
        .extracting(Category::wireName)
        .containsExactly("sleep", "meditation", "focus", "movement", "stress", "anxiety");
  }

  @Test
  void shipped_catalog_items_are_in_file_order_and_found_by_id() {
    Catalog catalog = CatalogLoader.loadDefault();

    ContentItem first = catalog.items().get(0);
    assertThat(first.contentId()).isEqualTo("sleep-the-night-train-to-lisbon");
    assertThat(catalog.find("sleep-the-night-train-to-lisbon"))
        .hasValueSatisfying(
            item -> {
              assertThat(item.title()).isEqualTo("The Night Train to Lisbon");
              assertThat(item.category()).isEqualTo(Category.SLEEP);
              assertThat(item.themes()).containsExactly("story", "wind-down");
              assertThat(item.hasTheme("story")).isTrue();
              assertThat(item.hasTheme("ocean")).isFalse();
              assertThat(item.durationS()).isEqualTo(2580);
              assertThat(item.narrator()).isEqualTo("Tomas Lindqvist");
            });
  }

  @Test
  void find_of_an_id_not_in_the_catalog_is_empty() {
    assertThat(CatalogLoader.loadDefault().find("no-such-item")).isEmpty();
  }

  @Test
  void every_item_in_a_category_list_has_that_category() {
    Catalog catalog = CatalogLoader.loadDefault();

    assertThat(catalog.inCategory(Category.FOCUS)).isNotEmpty().allSatisfy(i -> assertThat(i.category()).isEqualTo(Category.FOCUS));
  }

  @Test
  void load_with_no_file_gives_the_shipped_catalog() {
    assertThat(CatalogLoader.load(Optional.empty()).contentIds())
        .isEqualTo(CatalogLoader.loadDefault().contentIds());
  }

  @Test
  void catalog_lists_cannot_be_modified() {
    Catalog catalog = CatalogLoader.loadDefault();

    assertThatThrownBy(() -> catalog.items().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> catalog.contentIds().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- a replacement catalog ----

  @Test
  void a_valid_replacement_file_with_two_items_loads_from_its_path() throws IOException {
    Path file = write(items(item("sleep-rain-on-a-tin-roof", "sleep"), item("focus-lo-fi-hour", "focus")));

    Catalog catalog = CatalogLoader.load(file);

    assertThat(catalog.size()).isEqualTo(2);
    assertThat(catalog.items())
        .extracting(ContentItem::contentId)
        .containsExactly("sleep-rain-on-a-tin-roof", "focus-lo-fi-hour");
    assertThat(catalog.find("focus-lo-fi-hour"))
        .contains(
            new ContentItem(
                "focus-lo-fi-hour",
                "Title of focus-lo-fi-hour",
                "A description of focus-lo-fi-hour.",
                Category.FOCUS,
                List.of("calm", "evening"),
                600,
                "Ada Example"));
    assertThat(catalog.find("sleep-the-night-train-to-lisbon")).isEmpty();
    assertThat(catalog.inCategory(Category.MOVEMENT)).isEmpty();
  }

  @Test
  void load_with_a_file_uses_that_file_instead_of_the_shipped_catalog() throws IOException {
    Path file = write(items(item("stress-one-minute-reset", "stress")));

    assertThat(CatalogLoader.load(Optional.of(file)).contentIds()).containsExactly("stress-one-minute-reset");
  }

  // ---- files with problems ----

  @Test
  void duplicate_content_id_is_reported_with_the_index_of_the_second_item() throws IOException {
    Path file = write(items(item("sleep-a-quiet-harbour", "sleep"), item("sleep-a-quiet-harbour", "sleep")));

    assertThat(problems(file)).containsExactly("item 1 (sleep-a-quiet-harbour): duplicate content_id");
  }

  @Test
  void unknown_category_is_reported_naming_the_item_and_the_category_field() throws IOException {
    Path file = write(items(item("sleep-ok", "sleep"), item("dream-journey", "dreams")));

    assertThat(problems(file))
        .containsExactly(
            "item 1 (dream-journey): category unknown category 'dreams', expected one of sleep, meditation,"
                + " focus, movement, stress, anxiety");
  }

  @Test
  void negative_duration_is_reported_naming_the_item_and_duration_s() throws IOException {
    Path file = write(items(with(item("focus-backwards", "focus"), n -> n.put("duration_s", -60))));

    assertThat(problems(file))
        .containsExactly("item 0 (focus-backwards): duration_s must be a whole number of seconds in 1..14400");
  }

  @Test
  void zero_duration_is_reported() throws IOException {
    Path file = write(items(with(item("focus-instant", "focus"), n -> n.put("duration_s", 0))));

    assertThat(problems(file))
        .containsExactly("item 0 (focus-instant): duration_s must be a whole number of seconds in 1..14400");
  }

  @Test
  void duration_beyond_the_int_range_is_reported_not_wrapped_around() throws IOException {
    // 2^32 + 60 seconds would read as 60 if truncated to an int.
    Path file = write(items(with(item("focus-forever", "focus"), n -> n.put("duration_s", 4_294_967_356L))));

    assertThat(problems(file))
        .containsExactly("item 0 (focus-forever): duration_s must be a whole number of seconds in 1..14400");
  }

  @Test
  void missing_title_is_reported_naming_the_item_and_title() throws IOException {
    Path file =
        write(items(item("sleep-fine", "sleep"), item("sleep-fine-too", "sleep"), without(item("sleep-untitled", "sleep"), "title")));

    assertThat(problems(file)).containsExactly("item 2 (sleep-untitled): title missing");
  }

  @Test
  void blank_title_is_reported_as_not_a_non_empty_string() throws IOException {
    Path file = write(items(with(item("sleep-blank", "sleep"), n -> n.put("title", "  "))));

    assertThat(problems(file)).containsExactly("item 0 (sleep-blank): title must be a non-empty string");
  }

  @Test
  void content_id_that_is_not_a_lowercase_slug_is_reported() throws IOException {
    Path file = write(items(item("Sleep_Bad ID", "sleep")));

    assertThat(problems(file))
        .containsExactly(
            "item 0 (Sleep_Bad ID): content_id must be a lowercase slug (a-z, 0-9, '-'), 3-64 characters:"
                + " 'Sleep_Bad ID'");
  }

  @Test
  void missing_content_id_is_reported_by_index_alone() throws IOException {
    Path file = write(items(item("sleep-ok", "sleep"), without(item("sleep-anon", "sleep"), "content_id")));

    assertThat(problems(file)).containsExactly("item 1: content_id missing");
  }

  @Test
  void empty_themes_are_reported() throws IOException {
    Path file = write(items(with(item("sleep-themeless", "sleep"), n -> n.putArray("themes"))));

    assertThat(problems(file)).containsExactly("item 0 (sleep-themeless): themes must be a non-empty array of tags");
  }

  @Test
  void an_item_that_is_not_an_object_is_reported_by_index() throws IOException {
    ArrayNode array = items(item("sleep-ok", "sleep"));
    array.add("sleep-just-a-string");
    Path file = write(array);

    assertThat(problems(file)).containsExactly("item 1: not a JSON object");
  }

  @Test
  void every_problem_in_the_file_is_reported_together() throws IOException {
    Path file =
        write(
            items(
                with(item("sleep-one", "sleep"), n -> n.put("duration_s", -1)),
                without(item("sleep-two", "sleep"), "title"),
                item("sleep-three", "naps")));

    assertThat(problems(file))
        .containsExactly(
            "item 0 (sleep-one): duration_s must be a whole number of seconds in 1..14400",
            "item 1 (sleep-two): title missing",
            "item 2 (sleep-three): category unknown category 'naps', expected one of sleep, meditation, focus,"
                + " movement, stress, anxiety");
  }

  @Test
  void an_empty_array_is_rejected_as_not_a_non_empty_array() throws IOException {
    Path file = writeText("[]");

    assertThat(problems(file)).containsExactly("expected a non-empty JSON array of content items");
  }

  @Test
  void a_json_object_instead_of_an_array_is_rejected() throws IOException {
    Path file = writeText("{\"items\": []}");

    assertThat(problems(file)).containsExactly("expected a non-empty JSON array of content items");
  }

  @Test
  void a_file_that_is_not_json_is_rejected_as_not_valid_json() throws IOException {
    Path file = writeText("content_id,title\nsleep-a,A\n");

    assertThat(problems(file)).singleElement().asString().startsWith("not valid JSON: ");
  }

  @Test
  void a_missing_file_is_rejected_as_unreadable_naming_the_path() {
    Path file = dir.resolve("no-such-catalog.json");

    CatalogException e = catchThrowableOfType(CatalogException.class, () -> CatalogLoader.load(file));

    assertThat(e.problems()).singleElement().asString().startsWith("cannot read: ");
    assertThat(e.getMessage()).startsWith("invalid catalog " + file + ": cannot read: ");
  }

  @Test
  void the_exception_message_names_the_file_and_joins_the_problems() throws IOException {
    Path file = write(items(without(item("sleep-untitled", "sleep"), "title"), item("sleep-x", "dreams")));

    CatalogException e = catchThrowableOfType(CatalogException.class, () -> CatalogLoader.load(file));

    assertThat(e.getMessage())
        .isEqualTo(
            "invalid catalog " + file + ": item 0 (sleep-untitled): title missing; item 1 (sleep-x): category"
                + " unknown category 'dreams', expected one of sleep, meditation, focus, movement, stress,"
                + " anxiety");
  }

  // ---- helpers ----

  private static ObjectNode item(String id, String category) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("content_id", id);
    node.put("title", "Title of " + id);
    node.put("description", "A description of " + id + ".");
    node.put("category", category);
    node.putArray("themes").add("calm").add("evening");
    node.put("duration_s", 600);
    node.put("narrator", "Ada Example");
    return node;
  }

  private static ObjectNode with(ObjectNode node, Consumer<ObjectNode> change) {
    change.accept(node);
    return node;
  }

  private static ObjectNode without(ObjectNode node, String field) {
    node.remove(field);
    return node;
  }

  private static ArrayNode items(ObjectNode... items) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ObjectNode item : items) {
      array.add(item);
    }
    return array;
  }

  private Path write(ArrayNode array) throws IOException {
    return writeText(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
  }

  private Path writeText(String text) throws IOException {
    Path file = Files.createTempFile(dir, "catalog-", ".json");
    Files.writeString(file, text);
    return file;
  }

  private static List<String> problems(Path file) {
    CatalogException e = catchThrowableOfType(CatalogException.class, () -> CatalogLoader.load(file));
    assertThat(e).as("loading %s should fail with a CatalogException", file).isNotNull();
    return e.problems();
  }
}
