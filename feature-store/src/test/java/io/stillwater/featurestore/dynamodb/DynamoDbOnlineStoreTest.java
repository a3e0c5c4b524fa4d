package io.stillwater.featurestore.dynamodb;

import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.OnlineStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The OnlineStore contract against the DynamoDB backend on dynalite. */
class DynamoDbOnlineStoreTest extends OnlineStoreContract {

  static Dynalite dynalite;
  static DynamoDbClient client;
  static final AtomicInteger TABLES = new AtomicInteger();

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
  protected OnlineStore newStore() {
    return new DynamoDbOnlineStore(client, "stillwater-test-" + TABLES.incrementAndGet() + "-blue");
  }
}
