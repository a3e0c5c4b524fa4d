package io.stillwater.featurestore.progress;

import io.stillwater.featurestore.dynamodb.DynamoTables;
import io.stillwater.featurestore.generation.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Progress records in the registry table ({@code <prefix>-registry}), one item per writer with
 * {@code pk = "progress#<slot>#<writer>"}: beside the registry's own item ({@code pk = "registry"}), which they
 * never touch, so the registry's compare-and-set never races them. The {@code progress#} prefix is what the
 * streaming role may write (IAM {@code dynamodb:LeadingKeys}); reading is a consistent Scan for the prefix (the
 * table holds one registry item and a few progress items per stream run).
 */
public final class DynamoDbStreamProgressStore implements StreamProgressStore {

  /** Every progress item's key starts with this. */
  public static final String KEY_PREFIX = "progress#";

  private final DynamoDbClient client;
  private final String table;
  private final boolean ownsClient;

  /** Over the caller's client, which {@link #close} leaves open. */
  public DynamoDbStreamProgressStore(DynamoDbClient client, String table) {
    this(client, table, false);
  }

  private DynamoDbStreamProgressStore(DynamoDbClient client, String table, boolean ownsClient) {
    this.client = client;
    this.table = table;
    this.ownsClient = ownsClient;
    DynamoTables.ensure(client, table); // only describes it on AWS, where Terraform created it
  }

  /** Over a client of its own, closed with the store (a pipeline worker's). */
  public static DynamoDbStreamProgressStore owning(DynamoDbClient client, String table) {
    return new DynamoDbStreamProgressStore(client, table, true);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  static String key(Slot slot, String writer) {
    return KEY_PREFIX + slot.wireName() + "#" + writer;
  }

  @Override
  public void write(StreamProgress p) {
    client.putItem(b -> b.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS(key(p.slot(), p.writer())),
        "slot", AttributeValue.fromS(p.slot().wireName()),
        "writer", AttributeValue.fromS(p.writer()),
        "newest_arrival_ms", number(p.newestArrivalMs()),
        "applied_at_ms", number(p.appliedAtMs()),
        "events_applied", number(p.eventsApplied()),
        "rows_written", number(p.rowsWritten()))));
  }

  @Override
  public List<StreamProgress> read(Slot slot) {
    List<StreamProgress> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true)
          .filterExpression("begins_with(pk, :p)")
          .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(KEY_PREFIX + slot.wireName() + "#")));
      if (start != null) {
        scan.exclusiveStartKey(start);
      }
      ScanResponse page = client.scan(scan.build());
      for (Map<String, AttributeValue> item : page.items()) {
        out.add(new StreamProgress(Slot.parse(item.get("slot").s()), item.get("writer").s(),
            longOf(item, "newest_arrival_ms"), longOf(item, "applied_at_ms"), longOf(item, "events_applied"),
            longOf(item, "rows_written")));
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  private static AttributeValue number(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static long longOf(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      throw new IllegalStateException("progress item " + item.get("pk").s() + " has no number " + name);
    }
    return Long.parseLong(v.n());
  }
}
