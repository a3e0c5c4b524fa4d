package io.stillwater.contract.event;

import static io.stillwater.contract.event.EventFixtures.MAPPER;
import static io.stillwater.contract.event.EventFixtures.SLEEP_ITEM;
import static io.stillwater.contract.event.EventFixtures.accepted;
import static io.stillwater.contract.event.EventFixtures.common;
import static io.stillwater.contract.event.EventFixtures.rejected;
import static io.stillwater.contract.event.EventFixtures.valid;
import static io.stillwater.contract.event.EventFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/events.schema.json and EventValidator describe the same contract: what one accepts the other
 * accepts, and every bad event a schema can express is rejected by both.
 *
 * <p>Two of the validator's rules cannot be stated in a JSON Schema and are deliberately left out of the
 * rejection cases: a content_id must be in the catalog (the schema does not know the catalog), and ts may
 * be at most five minutes ahead of the receiver's clock (the schema has no clock).
 * {@link #catalog_and_clock_rules_are_enforced_by_the_validator_alone} shows the schema accepting both.
 */
class EventSchemaAgreementTest {

  /** Surefire runs in the module directory, so the docs folder is one level up. */
  private static final Path SCHEMA_FILE = Path.of("../docs/events.schema.json");

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    assertThat(SCHEMA_FILE).as("the event schema, relative to the contract module").isRegularFile();
    JsonNode schemaNode = MAPPER.readTree(Files.readString(SCHEMA_FILE));
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
  }

  private static Set<ValidationMessage> schemaErrors(JsonNode event) {
    return schema.validate(event);
  }

  private static String describe(Set<ValidationMessage> messages) {
    return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("\n"));
  }

  // ---- valid events ----

  static Stream<Arguments> validExamples() {
    Stream<Arguments> perType =
        EventFixtures.ALL_TYPES.stream().map(type -> Arguments.of(type, valid(type)));
    return Stream.concat(
        perType,
        Stream.of(
            Arguments.of("biometric with only steps", without(valid("biometric"), "heart_rate_bpm")),
            Arguments.of("biometric with only heart rate", without(valid("biometric"), "steps")),
            Arguments.of("heart rate of exactly 25", valid("biometric").put("heart_rate_bpm", 25)),
            Arguments.of("heart rate of exactly 250", valid("biometric").put("heart_rate_bpm", 250)),
            Arguments.of("steps of 0", valid("biometric").put("steps", 0)),
            Arguments.of("steps of exactly the maximum", valid("biometric").put("steps", 100_000)),
            Arguments.of("user_id of 128 characters", valid("search").put("user_id", "u".repeat(128))),
            Arguments.of("query of 500 characters", valid("search").put("query", "q".repeat(500))),
            Arguments.of("query of 500 emoji", valid("search").put("query", "\uD83C\uDF19".repeat(500))),
            Arguments.of("ts with +02:00 offset", valid("search").put("ts", "2026-11-28T18:59:30.250+02:00")),
            Arguments.of("ts without fraction", valid("search").put("ts", "2026-11-28T16:59:30Z")),
            Arguments.of("empty impression", emptyImpression()),
            Arguments.of("unknown type", common("app_open").put("screen", "home"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void a_valid_example_passes_both_the_schema_and_the_validator(String name, ObjectNode event) {
    assertThat(schemaErrors(event)).as("schema errors for %s", event).isEmpty();
    assertThat(accepted(validate(event))).isNotNull();
  }

  @Test
  void the_schema_file_is_draft_2020_12() throws Exception {
    JsonNode schemaNode = MAPPER.readTree(Files.readString(SCHEMA_FILE));

    assertThat(schemaNode.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void the_schema_states_the_same_limits_as_event_limits() throws Exception {
    JsonNode s = MAPPER.readTree(Files.readString(SCHEMA_FILE));
    JsonNode biometric = s.at("/allOf/4/then/properties");

    assertThat(s.at("/$defs/id/maxLength").intValue()).isEqualTo(EventLimits.MAX_ID_LENGTH);
    assertThat(s.at("/properties/type/maxLength").intValue()).isEqualTo(EventLimits.MAX_TYPE_LENGTH);
    assertThat(s.at("/allOf/3/then/properties/query/maxLength").intValue()).isEqualTo(EventLimits.MAX_QUERY_LENGTH);
    assertThat(biometric.at("/steps/maximum").intValue()).isEqualTo(EventLimits.MAX_STEPS_PER_SAMPLE);
    assertThat(biometric.at("/heart_rate_bpm/minimum").doubleValue()).isEqualTo(EventLimits.MIN_HEART_RATE_BPM);
    assertThat(biometric.at("/heart_rate_bpm/maximum").doubleValue()).isEqualTo(EventLimits.MAX_HEART_RATE_BPM);
    assertThat(biometric.at("/source/maxLength").intValue()).isEqualTo(EventLimits.MAX_SOURCE_LENGTH);
    assertThat(s.at("/allOf/5/then/properties/slot/maxLength").intValue()).isEqualTo(EventLimits.MAX_SLOT_LENGTH);
    assertThat(s.at("/allOf/5/then/properties/content_ids/maxItems").intValue())
        .isEqualTo(EventLimits.MAX_IMPRESSION_ITEMS);
    assertThat(s.at("/$defs/position/maximum").doubleValue()).isEqualTo(EventLimits.MAX_POSITION_S);
  }

  // ---- bad events both must reject ----

  /** name, bad event, the field the validator must name, a fragment the schema's messages must contain. */
  static Stream<Arguments> schemaExpressibleBadEvents() {
    Stream<Arguments> missing =
        EventFixtures.ALL_TYPES.stream()
            .flatMap(
                type ->
                    EventFixtures.requiredFields(type).stream()
                        .flatMap(
                            field ->
                                Stream.of(
                                    Arguments.of(
                                        type + " without " + field, without(valid(type), field), field, field),
                                    Arguments.of(
                                        type + " with " + field + ": null",
                                        with(valid(type), n -> n.putNull(field)),
                                        field,
                                        field))));
    Stream<Arguments> others =
        Stream.of(
            // wrong types
            bad("completed \"yes\"", valid("content_end").put("completed", "yes"), "completed"),
            bad("steps \"12\"", valid("biometric").put("steps", "12"), "steps"),
            bad("steps 1.5", valid("biometric").put("steps", 1.5), "steps"),
            bad("ts as a number", valid("search").put("ts", 1_795_885_170_250L), "ts"),
            bad("position_s as a string", valid("content_progress").put("position_s", "120"), "position_s"),
            bad("heart_rate_bpm as a string", valid("biometric").put("heart_rate_bpm", "72"), "heart_rate_bpm"),
            bad(
                "content_ids not an array",
                valid("recommendation_impression").put("content_ids", SLEEP_ITEM),
                "content_ids"),
            bad(
                "content_ids element not a string",
                with(valid("recommendation_impression"), n -> n.putArray("content_ids").add(SLEEP_ITEM).add(42)),
                "content_ids[1]",
                "content_ids"),
            bad("user_id as a number", valid("search").put("user_id", 123), "user_id"),
            // impossible values
            bad("heart rate 24.9", valid("biometric").put("heart_rate_bpm", 24.9), "heart_rate_bpm"),
            bad("heart rate 250.1", valid("biometric").put("heart_rate_bpm", 250.1), "heart_rate_bpm"),
            bad("heart rate 900", valid("biometric").put("heart_rate_bpm", 900), "heart_rate_bpm"),
            bad("negative steps", valid("biometric").put("steps", -5), "steps"),
            bad("steps above the maximum", valid("biometric").put("steps", 100_001), "steps"),
            bad(
                "biometric without measurements",
                without(without(valid("biometric"), "steps"), "heart_rate_bpm"),
                "steps"),
            bad("negative position", valid("content_progress").put("position_s", -1), "position_s"),
            bad("position beyond a day", valid("content_end").put("position_s", 86_400.5), "position_s"),
            // strings
            bad("user_id of 129 characters", valid("search").put("user_id", "u".repeat(129)), "user_id"),
            bad("query of 501 characters", valid("search").put("query", "q".repeat(501)), "query"),
            bad("blank query", valid("search").put("query", "   \t "), "query"),
            bad("empty query", valid("search").put("query", ""), "query"),
            bad("empty event_id", valid("content_start").put("event_id", ""), "event_id"),
            bad("source of 65 characters", valid("biometric").put("source", "w".repeat(65)), "source"),
            bad("type of 65 characters", valid("search").put("type", "t".repeat(65)), "type"),
            bad("unparseable ts", valid("search").put("ts", "yesterday"), "ts"),
            bad("ts without a zone", valid("search").put("ts", "2026-11-28T16:59:30.250"), "ts"),
            bad("unknown type without ts", without(common("app_open"), "ts"), "ts"),
            bad("too many content_ids", tooManyIds(), "content_ids"));
    return Stream.concat(missing, others);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaExpressibleBadEvents")
  void a_bad_event_is_rejected_by_both_the_schema_and_the_validator(
      String name, ObjectNode event, String validatorField, String schemaFragment) {
    List<Violation> violations = rejected(validate(event));
    assertThat(violations).extracting(Violation::field).contains(validatorField);

    Set<ValidationMessage> errors = schemaErrors(event);
    assertThat(errors).as("the schema must reject %s: %s", name, event).isNotEmpty();
    assertThat(describe(errors)).as("schema messages for %s", name).contains(schemaFragment);
  }

  // ---- what only the validator can check ----

  @Test
  void catalog_and_clock_rules_are_enforced_by_the_validator_alone() {
    // Not expressible in a JSON Schema: membership in the catalog, and the receiver's clock.
    ObjectNode unknownContent = valid("content_start").put("content_id", "not-in-the-catalog");
    ObjectNode unknownInList = with(
        valid("recommendation_impression"), n -> n.putArray("content_ids").add(SLEEP_ITEM).add("ghost"));
    ObjectNode future = valid("search").put("ts", "2026-11-28T17:05:00.001Z");

    assertThat(schemaErrors(unknownContent)).isEmpty();
    assertThat(schemaErrors(unknownInList)).isEmpty();
    assertThat(schemaErrors(future)).isEmpty();

    assertThat(rejected(validate(unknownContent))).extracting(Violation::field).containsExactly("content_id");
    assertThat(rejected(validate(unknownInList))).extracting(Violation::field).containsExactly("content_ids[1]");
    assertThat(rejected(validate(future))).extracting(Violation::field).containsExactly("ts");
  }

  // ---- helpers ----

  private static Arguments bad(String name, ObjectNode event, String field) {
    return Arguments.of(name, event, field, field);
  }

  private static Arguments bad(String name, ObjectNode event, String field, String schemaFragment) {
    return Arguments.of(name, event, field, schemaFragment);
  }

  private static ObjectNode without(ObjectNode node, String field) {
    node.remove(field);
    return node;
  }

  private static ObjectNode with(ObjectNode node, Consumer<ObjectNode> change) {
    change.accept(node);
    return node;
  }

  private static ObjectNode emptyImpression() {
    return with(valid("recommendation_impression"), n -> n.putArray("content_ids"));
  }

  private static ObjectNode tooManyIds() {
    ObjectNode node = valid("recommendation_impression");
    var ids = node.putArray("content_ids");
    for (int i = 0; i <= EventLimits.MAX_IMPRESSION_ITEMS; i++) {
      ids.add(SLEEP_ITEM);
    }
    return node;
  }
}
