package io.stillwater.featurestore.dynamodb;

import io.stillwater.featurestore.generation.GenerationRegistry;
import io.stillwater.featurestore.generation.RegistryState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The registry in a DynamoDB table: one item ({@code pk = "registry"}) holding the JSON document and its
 * version. Compare-and-set is a conditional PutItem: {@code attribute_not_exists(pk)} for the first write,
 * {@code version = :expected} after that. Reads are strongly consistent.
 */
public final class DynamoDbGenerationRegistry extends GenerationRegistry {

  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("registry"));

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbGenerationRegistry(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  public DynamoDbGenerationRegistry(DynamoDbClient client, String table, Clock clock) {
    super(clock);
    this.client = client;
    this.table = table;
    DynamoTables.ensure(client, table);
  }

  @Override
  public String location() {
    return "dynamodb table " + table;
  }

  @Override
  public RegistryState read() {
    GetItemResponse r = client.getItem(b -> b.tableName(table).key(KEY).consistentRead(true));
    if (!r.hasItem() || r.item().isEmpty()) {
      return RegistryState.EMPTY;
    }
    return parse(r.item().get("doc").s().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected boolean compareAndSet(long expectedVersion, RegistryState next) {
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(Map.of(
        "pk", AttributeValue.fromS("registry"),
        "version", AttributeValue.fromN(Long.toString(next.version())),
        "doc", AttributeValue.fromS(new String(json(next), StandardCharsets.UTF_8))));
    if (expectedVersion == 0) {
      put.conditionExpression("attribute_not_exists(pk)");
    } else {
      put.conditionExpression("version = :v")
          .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion))));
    }
    try {
      client.putItem(put.build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }
}
