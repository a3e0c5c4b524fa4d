package io.stillwater.featurestore;

import io.stillwater.featurestore.dynamodb.DynamoDbGenerationRegistry;
import io.stillwater.featurestore.dynamodb.DynamoSlots;
import io.stillwater.featurestore.dynamodb.DynamoTables;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.GenerationRegistry;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.progress.DynamoDbStreamProgressStore;
import io.stillwater.featurestore.progress.FileStreamProgressStore;
import io.stillwater.featurestore.progress.StreamProgressStore;
import io.stillwater.featurestore.store.OnlineStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the two slots and the generation registry live, as every command opens them: the embedded store in a
 * workspace (LMDB under {@code <workspace>/store}, the registry file beside it) or DynamoDB tables
 * {@code <prefix>-blue}, {@code <prefix>-green}, {@code <prefix>-registry}.
 *
 * @param slots opens a slot's store (the caller closes what it opens)
 * @param registry the generation registry
 * @param progress the streaming pipeline's progress records, beside the registry
 */
public record StoreLocation(Function<Slot, OnlineStore> slots, GenerationRegistry registry,
    StreamProgressStore progress, DynamoDbClient client) implements AutoCloseable {

  /** The embedded store of a workspace. */
  public static StoreLocation embedded(Path workspace) {
    return new StoreLocation(EmbeddedSlots.opener(workspace), FileGenerationRegistry.inWorkspace(workspace),
        FileStreamProgressStore.inWorkspace(workspace), null);
  }

  /** DynamoDB tables with {@code prefix}; {@code endpoint} for a local server, empty for AWS. */
  public static StoreLocation dynamoDb(String prefix, Optional<URI> endpoint) {
    DynamoDbClient client = endpoint.map(DynamoTables::localClient).orElseGet(DynamoDbClient::create);
    return new StoreLocation(DynamoSlots.opener(client, prefix),
        new DynamoDbGenerationRegistry(client, DynamoSlots.registryTable(prefix)),
        new DynamoDbStreamProgressStore(client, DynamoSlots.registryTable(prefix)), client);
  }

  /**
   * By backend name, as the CLI options and STILLWATER_STORE_BACKEND give it.
   *
   * @throws IllegalArgumentException for a backend other than {@code embedded} or {@code dynamodb}
   */
  public static StoreLocation open(String backend, Path workspace, String tablePrefix, Optional<URI> dynamoEndpoint) {
    return switch (backend) {
      case "embedded" -> embedded(workspace);
      case "dynamodb" -> dynamoDb(tablePrefix, dynamoEndpoint);
      default -> throw new IllegalArgumentException("unknown store backend '" + backend + "' (embedded or dynamodb)");
    };
  }

  @Override
  public void close() {
    registry.close();
    progress.close();
    if (client != null) {
      client.close();
    }
  }
}
