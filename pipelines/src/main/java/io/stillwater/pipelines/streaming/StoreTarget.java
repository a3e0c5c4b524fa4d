package io.stillwater.pipelines.streaming;

import io.stillwater.featurestore.dynamodb.DynamoSlots;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.progress.DynamoDbStreamProgressStore;
import io.stillwater.featurestore.progress.FileStreamProgressStore;
import io.stillwater.featurestore.progress.StreamProgressStore;
import io.stillwater.featurestore.store.OnlineStore;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which online store the pipeline writes, as plain serializable config (DoFns open it on the worker): the
 * embedded LMDB slot in a workspace, or a DynamoDB slot table.
 */
public record StoreTarget(String backend, String workspace, String slot, String tablePrefix, String dynamoEndpoint,
    String region) implements Serializable {

  public StoreTarget {
    if (!backend.equals("embedded") && !backend.equals("dynamodb")) {
      throw new IllegalArgumentException("store backend must be embedded or dynamodb, got '" + backend + "'");
    }
    Slot.parse(slot); // fails early on a bad slot name
  }

  public static StoreTarget embedded(Path workspace, Slot slot) {
    return new StoreTarget("embedded", workspace.toAbsolutePath().toString(), slot.wireName(), "stillwater", null, "us-east-1");
  }

  public static StoreTarget of(StreamOptions o) {
    return new StoreTarget(o.getStoreBackend(), Path.of(o.getWorkspace()).toAbsolutePath().toString(), o.getSlot(),
        o.getTablePrefix(), o.getDynamoEndpoint(), o.getAwsRegionName());
  }

  /** Opens the slot's store; the caller closes it (the LMDB environment is shared per process). */
  public OnlineStore open() {
    Slot s = Slot.parse(slot);
    if (backend.equals("embedded")) {
      return EmbeddedSlots.opener(Path.of(workspace)).apply(s);
    }
    return DynamoSlots.opener(dynamoClient(), tablePrefix).apply(s);
  }

  /** Opens where the pipeline records its progress into this slot, beside the registry; the caller closes it. */
  public StreamProgressStore openProgress() {
    if (backend.equals("embedded")) {
      return FileStreamProgressStore.inWorkspace(Path.of(workspace));
    }
    return DynamoDbStreamProgressStore.owning(dynamoClient(), DynamoSlots.registryTable(tablePrefix));
  }

  public Slot parsedSlot() {
    return Slot.parse(slot);
  }

  private DynamoDbClient dynamoClient() {
    var builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(region));
    if (dynamoEndpoint != null && !dynamoEndpoint.isBlank()) {
      builder.endpointOverride(URI.create(dynamoEndpoint));
      if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
        builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      }
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return backend.equals("embedded") ? "embedded store " + EmbeddedSlots.slotDir(Path.of(workspace), Slot.parse(slot))
        : "DynamoDB " + DynamoSlots.slotTable(tablePrefix, Slot.parse(slot));
  }
}
