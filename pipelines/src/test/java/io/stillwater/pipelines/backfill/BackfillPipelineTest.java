package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.pipelines.DuckDb;
import io.stillwater.pipelines.lake.Lake;
import io.stillwater.simulator.SimulationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole backfill on the DirectRunner over a simulated history with faults. */
class BackfillPipelineTest {

  @TempDir static Path tmp;
  static Path events;
  static SimulationSummary simulation;

  @BeforeAll
  static void simulate() {
    events = tmp.resolve("events");
    simulation = SimulatedHistories.write(events, 12, 3, 42, 0.05);
  }

  @Test
  void conservation_holds_and_matches_what_the_simulator_injected() throws Exception {
    Path lake = tmp.resolve("lake-whole");
    BackfillResult r = BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, lake, "2026-11-28"));
    BackfillCounts c = r.counts();

    assertThat(r.state()).isEqualTo(PipelineResult.State.DONE);
    assertThat(c.checks()).allSatisfy((name, holds) -> assertThat(holds).as(name).isTrue());
    assertThat(c.read()).isEqualTo(c.accepted() + c.deadLettered() + c.duplicates());
    // against the simulator's own account of what it wrote
    assertThat(c.read()).isEqualTo(simulation.lines());
    assertThat(c.deadLettered()).isEqualTo(SimulatedHistories.invalidLines(simulation)).isPositive();
    assertThat(c.accepted() + c.duplicates()).isEqualTo(simulation.goodEvents() + SimulatedHistories.duplicates(simulation));
    // a duplicate can arrive inside the range while its original arrived before it: then it is the only copy
    assertThat(c.accepted()).isBetween(simulation.goodEvents(), simulation.goodEvents() + 5);
    assertThat(c.duplicates()).isPositive();
    assertThat(c.afterUntil()).isZero();
    assertThat(c.archived()).isEqualTo(c.accepted());
    assertThat(r.inputFiles()).isEqualTo(3);

    // what an analyst sees
    String eventsTable = lake.resolve("events").toString();
    String deadLetterTable = lake.resolve("dead_letter").toString();
    assertThat(DuckDb.count(eventsTable)).isEqualTo(c.archived());
    assertThat(DuckDb.rows("SELECT count(DISTINCT event_id) FROM " + DuckDb.table(eventsTable)))
        .containsExactly(String.valueOf(c.archived()));
    assertThat(DuckDb.count(deadLetterTable)).isEqualTo(c.deadLettered());
    assertThat(DuckDb.rows("SELECT DISTINCT date::VARCHAR, received_at::VARCHAR FROM " + DuckDb.table(deadLetterTable)))
        .containsExactly("2026-11-28|2026-11-28 06:00:00+00");
    assertThat(DuckDb.rows("SELECT count(*) FROM " + DuckDb.table(eventsTable) + " WHERE date <> CAST(ts AS DATE)"))
        .containsExactly("0");
    assertThat(DuckDb.rows("SELECT count(*) FROM " + DuckDb.table(deadLetterTable) + " WHERE len(fields) = 0 OR reason = ''"))
        .containsExactly("0");

    try (Stream<Path> walk = Files.walk(lake)) {
      assertThat(walk.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith(".temp-beam"));
    }

    // the manifest
    JsonNode manifest = new ObjectMapper().readTree(lake.resolve("manifests/backfill-2026-11-28T000000Z.json").toFile());
    assertThat(manifest.get("until").asText()).isEqualTo("2026-11-28T00:00:00Z");
    assertThat(manifest.get("runner").asText()).isEqualTo("DirectRunner");
    assertThat(manifest.get("counts").get("read").asLong()).isEqualTo(c.read());
    assertThat(manifest.get("counts").get("accepted").asLong()).isEqualTo(c.accepted());
    assertThat(manifest.get("counts").get("dead_lettered").asLong()).isEqualTo(c.deadLettered());
    assertThat(manifest.get("counts").get("duplicates").asLong()).isEqualTo(c.duplicates());
    assertThat(manifest.get("conservation").get("holds").asBoolean()).isTrue();
    assertThat(manifest.get("feature_schema_version").asText()).isEqualTo(io.stillwater.features.definition.FeatureRegistry.schemaVersion());
    assertThat(manifest.get("metrics").get("counters").get("lines_read").asLong()).isEqualTo(simulation.lines());
  }

  @Test
  void events_from_the_watermark_on_are_counted_not_archived_and_a_rerun_replaces_the_tables() {
    Path lake = tmp.resolve("lake-rerun");
    BackfillResult whole = BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, lake, "2026-11-28"));
    Instant until = Instant.parse("2026-11-27T12:00:00Z");
    BackfillResult part = BackfillPipeline.run(SimulatedHistories.options("DirectRunner", events, lake, until.toString()));

    BackfillCounts c = part.counts();
    assertThat(c.checks()).allSatisfy((name, holds) -> assertThat(holds).as(name).isTrue());
    assertThat(c.read()).isEqualTo(whole.counts().read());
    assertThat(c.accepted()).isEqualTo(whole.counts().accepted());
    assertThat(c.afterUntil()).isPositive();
    assertThat(c.archived() + c.afterUntil()).isEqualTo(c.accepted());

    String eventsTable = lake.resolve(Lake.EVENTS).toString();
    // the second run's rows only: the first run's later dates are gone
    assertThat(DuckDb.count(eventsTable)).isEqualTo(c.archived());
    assertThat(DuckDb.rows("SELECT max(ts) < TIMESTAMPTZ '2026-11-27 12:00:00+00' FROM " + DuckDb.table(eventsTable)))
        .containsExactly("true");
    assertThat(Files.exists(lake.resolve("events/date=2026-11-27"))).isTrue();
    assertThat(Files.exists(lake.resolve("manifests/backfill-2026-11-27T120000Z.json"))).isTrue();
    assertThat(Files.exists(lake.resolve("manifests/backfill-2026-11-28T000000Z.json"))).isTrue();
  }
}
