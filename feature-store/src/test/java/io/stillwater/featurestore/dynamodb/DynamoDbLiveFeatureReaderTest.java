package io.stillwater.featurestore.dynamodb;

import io.stillwater.featurestore.generation.LiveFeatureReaderTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Readers in threads during a flip and a rollback, with the store and the registry in DynamoDB (dynalite). */
class DynamoDbLiveFeatureReaderTest {

  @Test
  void readersDuringFlipsReadWhollyFromOneGenerationAndNeverFail() throws Exception {
    try (Dynalite dynalite = Dynalite.start(); DynamoDbClient client = DynamoTables.localClient(dynalite.endpoint())) {
      LiveFeatureReaderTest.flipWhileReading(new DynamoDbGenerationRegistry(client, DynamoSlots.registryTable("flip")),
          DynamoSlots.opener(client, "flip"));
    }
  }
}
