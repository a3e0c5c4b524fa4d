package io.stillwater.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stillwater catalog}: lists the content the app can recommend. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "List the content catalog.")
final class CatalogCommand implements Callable<Integer> {

  enum Format { table, json }

  @Mixin WorkspaceOptions workspace;

  @Option(names = "--category", paramLabel = "C", description = "Only this category: ${COMPLETION-CANDIDATES}.",
      converter = CategoryConverter.class, completionCandidates = CategoryConverter.Names.class)
  Optional<Category> category = Optional.empty();

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var catalog = workspace.loadCatalog();
    List<ContentItem> items = category.map(catalog::inCategory).orElse(catalog.items());
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(toJson(items));
    } else {
      out.printf("%-44s %-10s %6s  %s%n", "CONTENT_ID", "CATEGORY", "MIN", "TITLE");
      for (ContentItem i : items) {
        out.printf("%-44s %-10s %6.1f  %s%n", i.contentId(), i.category().wireName(), i.durationS() / 60.0, i.title());
      }
      out.printf("%d items%n", items.size());
    }
    out.flush();
    return 0;
  }

  static String toJson(List<ContentItem> items) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (ContentItem i : items) {
      var node = array.addObject()
          .put("content_id", i.contentId())
          .put("title", i.title())
          .put("category", i.category().wireName())
          .put("duration_s", i.durationS())
          .put("narrator", i.narrator())
          .put("description", i.description());
      i.themes().forEach(node.putArray("themes")::add);
    }
    return mapper.writeValueAsString(array);
  }
}
