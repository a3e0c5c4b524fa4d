package io.stillwater.featurestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.featurestore.dynamodb.Dynalite;
import io.stillwater.featurestore.snapshot.Snapshot;
import io.stillwater.featurestore.store.StoredState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerationCommandTest {

  @TempDir Path workspace;

  record Run(int code, String out, String err) {}

  private Run run(String... args) {
    CommandLine cli = GenerationCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static List<StoredState> rows(int n, long ms) {
    List<StoredState> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new StoredState(Entity.USER, "u_" + i, ms + i,
          io.stillwater.features.state.StateCodec.encode(new io.stillwater.features.state.UserFeatureState())));
    }
    rows.add(new StoredState(Entity.CONTENT, "c_1", ms,
        io.stillwater.features.state.StateCodec.encode(new io.stillwater.features.state.ContentFeatureState())));
    return rows;
  }

  private JsonNode list(String... backend) throws Exception {
    List<String> args = new ArrayList<>(List.of("list", "--format", "json"));
    args.addAll(List.of(backend));
    Run r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  private void lifecycle(String... backend) throws Exception {
    String schema = FeatureRegistry.schemaVersion();
    Path lake = workspace.resolve("lake");
    Snapshot.write(lake, Instant.parse("2026-11-20T00:00:00Z"), schema, rows(50, 1_000));
    assertThat(list(backend)).isEmpty();

    Run load = run(concat(backend, "load", "--model", "model-a", "--stream-start", "shard-0:17"));
    assertThat(load.code()).as(load.err()).isZero();
    assertThat(load.out()).contains("generation 1 (blue) ready: 51 rows");

    Run refused = run(concat(backend, "promote"));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err().strip()).doesNotContain("\n").contains("refused").contains("not verified");

    assertThat(run(concat(backend, "verify")).code()).isZero();
    Run promote = run(concat(backend, "promote"));
    assertThat(promote.code()).as(promote.err()).isZero();

    JsonNode gens = list(backend);
    assertThat(gens).hasSize(1);
    assertThat(gens.get(0).get("slot").asText()).isEqualTo("blue");
    assertThat(gens.get(0).get("generation").asInt()).isEqualTo(1);
    assertThat(gens.get(0).get("state").asText()).isEqualTo("live");
    assertThat(gens.get(0).get("live").asBoolean()).isTrue();
    assertThat(gens.get(0).get("model_id").asText()).isEqualTo("model-a");
    assertThat(gens.get(0).get("stream_start_position").asText()).isEqualTo("shard-0:17");

    Snapshot.write(lake, Instant.parse("2026-11-21T00:00:00Z"), schema, rows(60, 2_000));
    assertThat(run(concat(backend, "load", "--model", "model-b")).out()).contains("generation 2 (green) ready: 61 rows");
    assertThat(run(concat(backend, "verify", "--model-schema-version", "v0-old")).code()).isEqualTo(1);
    assertThat(run(concat(backend, "verify")).code()).isZero();
    assertThat(run(concat(backend, "promote")).code()).isZero();
    assertThat(list(backend).get(1).get("live").asBoolean()).isTrue();

    Run rollback = run(concat(backend, "rollback"));
    assertThat(rollback.code()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("generation 1 (blue) is live again");
    gens = list(backend);
    assertThat(gens.get(0).get("live").asBoolean()).isTrue();
    assertThat(gens.get(1).get("state").asText()).isEqualTo("retired");
  }

  private static String[] concat(String[] backend, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(backend));
    return all.toArray(String[]::new);
  }

  @Test
  void embeddedLifecycle() throws Exception {
    lifecycle("--workspace", workspace.toString());
  }

  @Test
  void dynamoDbLifecycle() throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      lifecycle("--workspace", workspace.toString(), "--backend", "dynamodb", "--dynamodb-endpoint",
          dynalite.endpoint().toString(), "--table-prefix", "cli-test");
    }
  }

  @Test
  void badArgumentsAreOneLineAndStatus2() {
    Run r = run("list", "--format", "xml", "--workspace", workspace.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--format");
    assertThat(run("load", "--workspace", workspace.toString()).code()).isEqualTo(2); // --model missing
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run().code()).isEqualTo(2);
    Run noSnapshot = run("load", "--model", "m", "--workspace", workspace.toString());
    assertThat(noSnapshot.code()).isEqualTo(2);
    assertThat(noSnapshot.err().strip()).doesNotContain("\n").contains("no snapshots");
    Run nothing = run("rollback", "--workspace", workspace.toString());
    assertThat(nothing.code()).isEqualTo(1);
    assertThat(nothing.err().strip()).doesNotContain("\n").contains("no previous live generation");
  }
}
