package io.stillwater.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stillwater.featurestore.generation.GenerationState;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.recommend.Flag;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml stays true to the server: the same routes, parameters, fields and enums, and real statuses. */
class OpenApiDocumentTest {

  static final Path DOC = Path.of("../docs/openapi.yaml");
  private static JsonNode doc;
  private static TestServer server;

  @BeforeAll
  static void load() throws Exception {
    doc = new ObjectMapper(new YAMLFactory()).readTree(DOC.toFile());
    server = TestServer.overFixture(Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<ApiServer.Route> documentedRoutes() {
    List<ApiServer.Route> routes = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> routes.add(new ApiServer.Route(m.toUpperCase(), p.getKey()))));
    return routes;
  }

  @Test
  void documents_exactly_the_routes_the_server_has() {
    assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(server.server.routes());
  }

  @Test
  void path_parameters_match_the_path_templates() {
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().forEach(op -> {
      Set<String> inPath = new HashSet<>();
      Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(p.getKey());
      while (m.find()) {
        inPath.add(m.group(1));
      }
      Set<String> declared = new HashSet<>();
      if (op.has("parameters")) {
        op.get("parameters").forEach(param -> declared.add(resolve(param).get("name").asText()));
      }
      assertThat(declared).as(p.getKey()).isEqualTo(inPath);
    }));
  }

  @Test
  void request_fields_and_enums_are_the_servers() {
    JsonNode schemas = doc.get("components").get("schemas");
    JsonNode request = schemas.get("RecommendationRequest").get("properties");
    assertThat(names(request)).containsExactlyInAnyOrderElementsOf(RequestValidation.TOP_LEVEL);
    assertThat(names(request.get("context").get("properties"))).containsExactlyInAnyOrderElementsOf(RequestValidation.CONTEXT);
    assertThat(request.get("limit").get("maximum").asInt()).isEqualTo(RequestValidation.MAX_LIMIT);
    assertThat(request.get("limit").get("default").asInt()).isEqualTo(RequestValidation.DEFAULT_LIMIT);
    assertThat(texts(schemas.get("Flag").get("enum")))
        .containsExactlyElementsOf(Arrays.stream(Flag.values()).map(Flag::wireName).toList());
    assertThat(texts(schemas.get("SlotSummary").get("properties").get("state").get("enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(GenerationState.values()).map(GenerationState::wireName).toList());
  }

  /** Each route called without credentials or a body answers with a status its operation documents. */
  @Test
  void every_route_answers_with_a_documented_status() throws Exception {
    for (ApiServer.Route route : server.server.routes()) {
      String path = route.path().replace("{user_id}", ServingFixture.KNOWN_USER).replace("{slot}", "green");
      TestServer.Reply r = server.call(route.method(), path, route.method().equals("POST") ? "application/json" : null,
          route.method().equals("POST") ? "{}" : null, null);
      JsonNode op = doc.get("paths").get(route.path()).get(route.method().toLowerCase());
      assertThat(names(op.get("responses"))).as(route + " answered " + r.status() + ": " + r.text())
          .contains(Integer.toString(r.status()));
    }
  }

  private static JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    JsonNode n = doc;
    for (String part : node.get("$ref").asText().substring(2).split("/")) {
      n = n.get(part);
    }
    return n;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
