package io.stillwater.featurestore.dynamodb;

import io.stillwater.featurestore.generation.GenerationRegistry;
import io.stillwater.featurestore.generation.GenerationRegistryContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The registry rules (including two concurrent promotes: exactly one wins) against DynamoDB on dynalite. */
class DynamoDbGenerationRegistryTest extends GenerationRegistryContract {

  static Dynalite dynalite;
  static DynamoDbClient client;
  static final AtomicInteger TABLES = new AtomicInteger();
  String table;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynalite = Dynalite.start();
    client = DynamoTables.localClient(dynalite.endpoint());
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    if (client != null) {
      client.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @Override
  protected GenerationRegistry newRegistry() {
    table = "stillwater-test-registry-" + TABLES.incrementAndGet();
    return new DynamoDbGenerationRegistry(client, table);
  }

  @Override
  protected GenerationRegistry sameRegistryAgain() {
    return new DynamoDbGenerationRegistry(client, table);
  }
}
