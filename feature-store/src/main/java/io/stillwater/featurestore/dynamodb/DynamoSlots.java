package io.stillwater.featurestore.dynamodb;

import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.store.OnlineStore;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB layout: tables {@code <prefix>-blue}, {@code <prefix>-green} and {@code <prefix>-registry}. */
public final class DynamoSlots {
  private DynamoSlots() {}

  public static String slotTable(String prefix, Slot slot) {
    return prefix + "-" + slot.wireName();
  }

  public static String registryTable(String prefix) {
    return prefix + "-registry";
  }

  public static Function<Slot, OnlineStore> opener(DynamoDbClient client, String prefix) {
    return slot -> new DynamoDbOnlineStore(client, slotTable(prefix, slot));
  }
}
