package io.stillwater.featurestore.dynamodb;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Table helpers: every table here has one string hash key {@code pk}. Table status is polled here every
 * 100 ms (the SDK's waiter polls every 20 s).
 */
public final class DynamoTables {
  private DynamoTables() {}

  /** A client for a local DynamoDB-compatible server (dynalite): region us-east-1, dummy credentials. */
  public static DynamoDbClient localClient(URI endpoint) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /**
   * Creates the table if missing (on-demand billing) and waits until it is active. An existing table is only
   * described, never created again: on AWS the tables come from Terraform and the roles may not create them.
   */
  public static void ensure(DynamoDbClient client, String table) {
    try {
      if (client.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
        return;
      }
    } catch (ResourceNotFoundException missing) {
      // create it below
    }
    try {
      client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    } catch (ResourceInUseException e) {
      // exists (or is being created/deleted): wait below
    }
    awaitStatus(client, table, true);
  }

  private static void awaitStatus(DynamoDbClient client, String table, boolean active) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        TableStatus s = client.describeTable(b -> b.tableName(table)).table().tableStatus();
        if (active && s == TableStatus.ACTIVE) {
          return;
        }
      } catch (ResourceNotFoundException e) {
        if (!active) {
          return;
        }
        // creating: not visible yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for table " + table);
      }
    }
    throw new IllegalStateException("table " + table + " did not become " + (active ? "active" : "deleted"));
  }
}
