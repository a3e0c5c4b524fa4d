package io.stillwater.featurestore.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.featurestore.dynamodb.Dynalite;
import io.stillwater.featurestore.dynamodb.DynamoDbGenerationRegistry;
import io.stillwater.featurestore.dynamodb.DynamoTables;
import io.stillwater.featurestore.generation.Slot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The progress records on both backends: files in the workspace, items in the DynamoDB registry table (dynalite). */
class StreamProgressStoreTest {

  @TempDir Path workspace;

  private static void behavesAsAProgressStore(StreamProgressStore store) {
    assertThat(store.read(Slot.GREEN)).isEmpty();

    StreamProgress first = new StreamProgress(Slot.GREEN, "users-1a2b", 1_000, 1_400, 10, 7);
    StreamProgress other = new StreamProgress(Slot.GREEN, "content-3c4d", 900, 1_300, 4, 2);
    StreamProgress blue = new StreamProgress(Slot.BLUE, "users-1a2b", 5_000, 5_100, 99, 50);
    store.write(first);
    store.write(other);
    store.write(blue);
    assertThat(store.read(Slot.GREEN)).containsExactlyInAnyOrder(first, other);

    StreamProgress later = new StreamProgress(Slot.GREEN, "users-1a2b", 2_000, 2_050, 25, 19);
    store.write(later);
    assertThat(store.read(Slot.GREEN)).containsExactlyInAnyOrder(later, other);
    assertThat(store.read(Slot.BLUE)).containsExactly(blue);
  }

  @Test
  void the_embedded_store_keeps_one_record_per_writer_and_slot_in_the_workspace() {
    behavesAsAProgressStore(FileStreamProgressStore.inWorkspace(workspace));
    assertThat(workspace.resolve("store/progress/green/users-1a2b.json")).exists();
  }

  @Test
  void dynamodb_keeps_one_item_per_writer_and_slot_beside_the_registry_item_without_touching_it() throws Exception {
    try (Dynalite dynalite = Dynalite.start(); DynamoDbClient client = DynamoTables.localClient(dynalite.endpoint())) {
      String table = "progress-" + System.nanoTime() + "-registry";
      var registry = new DynamoDbGenerationRegistry(client, table);
      registry.begin(Slot.BLUE, "model-a", "v1", "snap", Instant.parse("2026-11-20T00:00:00Z"), null);
      long version = registry.read().version();

      behavesAsAProgressStore(new DynamoDbStreamProgressStore(client, table));

      assertThat(registry.read().version()).isEqualTo(version); // the registry's compare-and-set is untouched
      assertThat(client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("progress#green#users-1a2b"))))
          .item())
          .containsKeys("newest_arrival_ms", "applied_at_ms", "events_applied", "rows_written");
    }
  }

  @Test
  void a_writer_id_that_could_escape_its_key_or_file_is_refused_naming_the_field() {
    assertThatThrownBy(() -> new StreamProgress(Slot.BLUE, "../registry", 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writer");
    assertThatThrownBy(() -> new StreamProgress(null, "users-1", 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot");
  }
}
