package io.stillwater.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorHistoryTest {

  @TempDir static Path tmp;
  static SimulatedHistory history;

  @BeforeAll
  static void simulate() {
    history = new SimulatedHistory(tmp.resolve("seed1"), 200, 7, 1);
  }

  @Test
  void same_seed_gives_byte_identical_files() throws IOException {
    Path again = tmp.resolve("seed1-again");
    new HistoryWriter(new Simulator(history.catalog, history.config), again).write((d, n, done, total) -> {});
    List<Path> first = files(tmp.resolve("seed1"));
    List<Path> second = files(again);
    assertThat(second).hasSameSizeAs(first).hasSize(7 + 1);
    for (int i = 0; i < first.size(); i++) {
      assertThat(tmp.resolve("seed1").relativize(first.get(i))).isEqualTo(again.relativize(second.get(i)));
      assertThat(Files.readAllBytes(second.get(i))).as(second.get(i).toString()).isEqualTo(Files.readAllBytes(first.get(i)));
    }
  }

  @Test
  void a_different_seed_gives_different_events() {
    Path other = tmp.resolve("seed2");
    SimulationConfig config = new SimulationConfig(200, 7, 2, SimulatedHistory.END, SimulationConfig.DEFAULT_BAD_RATE);
    new HistoryWriter(new Simulator(history.catalog, config), other).write((d, n, done, total) -> {});
    List<String> lines = SimulatedHistory.readLines(other);
    assertThat(lines).isNotEmpty().isNotEqualTo(history.lines);
    Set<String> ids = eventIds(lines);
    ids.retainAll(eventIds(history.lines));
    assertThat(ids).isEmpty();
  }

  @Test
  void history_is_partitioned_by_utc_date_within_the_requested_range() throws IOException {
    try (Stream<Path> dirs = Files.list(tmp.resolve("seed1"))) {
      assertThat(dirs.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("_simulation.json", "date=2026-10-25", "date=2026-10-26", "date=2026-10-27", "date=2026-10-28",
              "date=2026-10-29", "date=2026-10-30", "date=2026-10-31");
    }
    assertThat(history.accepted).allSatisfy(e -> assertThat(e.ts()).isBefore(history.config.endInstant()));
  }

  @Test
  void every_good_event_validates_against_the_json_schema() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(mapper.readTree(Path.of("../docs/events.schema.json").toFile()));
    for (Event event : history.accepted) {
      JsonNode node = mapper.readTree(EventJson.write(event));
      assertThat(schema.validate(node)).as(node.toString()).isEmpty();
    }
    assertThat(history.accepted).hasSizeGreaterThan(50_000);
  }

  @Test
  void faulty_lines_are_exactly_the_ones_validation_rejects() {
    SimulationSummary s = history.summary;
    long invalid = s.faults().entrySet().stream().filter(e -> e.getKey().invalid()).mapToLong(e -> e.getValue()).sum();
    assertThat(history.lines).hasSize((int) s.lines());
    assertThat(history.rejected).hasSize((int) invalid);
    // Duplicates are valid events delivered twice: validation accepts them, de-duplication drops them.
    assertThat(history.accepted).hasSize((int) (s.goodEvents() + s.faults().get(Fault.DUPLICATE)));
    // A duplicate may arrive inside the range while its original arrived before the range began.
    long distinctIds = history.accepted.stream().map(Event::eventId).distinct().count();
    assertThat(distinctIds).isBetween(s.goodEvents(), s.goodEvents() + 5);
    for (Fault f : Fault.values()) {
      assertThat(s.faults().get(f)).as(f.name()).isPositive();
    }
  }

  @Test
  void bad_rate_of_zero_writes_only_good_events() {
    Path clean = tmp.resolve("clean");
    SimulationConfig config = new SimulationConfig(20, 2, 7, SimulatedHistory.END, 0);
    SimulationSummary s = new HistoryWriter(new Simulator(history.catalog, config), clean).write((d, n, done, total) -> {});
    assertThat(s.lines()).isEqualTo(s.goodEvents()).isPositive();
    assertThat(s.faults().values()).containsOnly(0L);
  }

  @Test
  void refuses_to_write_into_a_folder_of_other_data() throws IOException {
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    SimulationConfig config = new SimulationConfig(5, 1, 1, SimulatedHistory.END, 0);
    assertThatThrownBy(() -> new HistoryWriter(new Simulator(history.catalog, config), foreign).write((d, n, done, total) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
    assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep me");
  }

  private static Set<String> eventIds(List<String> lines) {
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      int at = line.indexOf("\"event_id\":\"");
      if (at >= 0 && line.length() > at + 48) {
        ids.add(line.substring(at + 12, at + 48));
      }
    }
    return ids;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
