package io.stillwater.featurestore.dynamodb;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoreCounters;
import io.stillwater.featurestore.store.StoredState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB backend: one table per slot, items keyed {@code pk = "<entity>#<id>"} with {@code ent}, {@code id},
 * {@code newest_event_ms} (N) and {@code state} (B).
 *
 * <ul>
 *   <li>{@link #upsert}: one conditional PutItem per row,
 *       {@code attribute_not_exists(pk) OR newest_event_ms < :n}, so the event-time guard holds against any
 *       number of concurrent writers; a failed condition is an ignored (older or equal) write. Rows of a
 *       batch go out in parallel.</li>
 *   <li>{@link #bulkLoad} (a standby slot nobody else writes to): BatchGetItem the stored event times, drop
 *       rows that are not newer, then BatchWriteItem in 25s, retrying unprocessed items with backoff.</li>
 *   <li>Reads are strongly consistent: GetItem, BatchGetItem (100 keys a call, unprocessed keys retried).</li>
 *   <li>{@link #clear} deletes the items, never the table (which Terraform owns on AWS).</li>
 * </ul>
 * The client is the caller's: {@link #close} does not close it.
 */
public final class DynamoDbOnlineStore implements OnlineStore {

  private static final int WRITE_BATCH = 25;
  private static final int GET_BATCH = 100;
  private static final int MAX_ATTEMPTS = 12;

  private final DynamoDbClient client;
  private final String table;
  private final ExecutorService writers;
  private final StoreCounters counters = new StoreCounters();
  private volatile boolean closed;

  public DynamoDbOnlineStore(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
    DynamoTables.ensure(client, table);
    this.writers = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "dynamodb-upsert-" + table);
      t.setDaemon(true);
      return t;
    });
  }

  public String table() {
    return table;
  }

  private static String pk(Entity entity, String id) {
    if (entity == Entity.CONTEXT) {
      throw new IllegalArgumentException("context features are never stored");
    }
    return entity.wireName() + "#" + id;
  }

  private static Map<String, AttributeValue> key(Entity entity, String id) {
    return Map.of("pk", AttributeValue.fromS(pk(entity, id)));
  }

  private static Map<String, AttributeValue> item(StoredState s) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS(pk(s.entity(), s.id())));
    item.put("ent", AttributeValue.fromS(s.entity().wireName()));
    item.put("id", AttributeValue.fromS(s.id()));
    item.put("newest_event_ms", AttributeValue.fromN(Long.toString(s.newestEventMs())));
    item.put("state", AttributeValue.fromB(SdkBytes.fromByteArray(s.state())));
    return item;
  }

  private static StoredState decode(Map<String, AttributeValue> item) {
    Entity e = Entity.valueOf(item.get("ent").s().toUpperCase());
    return new StoredState(e, item.get("id").s(), Long.parseLong(item.get("newest_event_ms").n()),
        item.get("state").b().asByteArray());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store " + table + " is closed");
    }
  }

  /** true if written, false if the stored row was as new or newer. */
  private boolean putGuarded(StoredState s) {
    try {
      client.putItem(b -> b.tableName(table).item(item(s))
          .conditionExpression("attribute_not_exists(pk) OR newest_event_ms < :n")
          .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(s.newestEventMs())))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public UpsertResult upsert(List<StoredState> rows) {
    checkOpen();
    long written = 0;
    if (rows.size() == 1) {
      written = putGuarded(rows.get(0)) ? 1 : 0;
    } else {
      // Rows with the same key stay in order on one task, so the guard sees them in the batch's order.
      Map<String, List<StoredState>> byKey = new LinkedHashMap<>();
      for (StoredState s : rows) {
        byKey.computeIfAbsent(pk(s.entity(), s.id()), k -> new ArrayList<>()).add(s);
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (List<StoredState> same : byKey.values()) {
        results.add(writers.submit(() -> {
          int n = 0;
          for (StoredState s : same) {
            n += putGuarded(s) ? 1 : 0;
          }
          return n;
        }));
      }
      for (Future<Integer> f : results) {
        written += join(f);
      }
    }
    return counters.record(written, rows.size() - written);
  }

  private static int join(Future<Integer> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public UpsertResult bulkLoad(List<StoredState> rows) {
    checkOpen();
    // Newest per key within the batch, then only rows newer than what is stored.
    Map<String, StoredState> newest = new LinkedHashMap<>();
    for (StoredState s : rows) {
      newest.merge(pk(s.entity(), s.id()), s, (a, b) -> b.newestEventMs() > a.newestEventMs() ? b : a);
    }
    Map<String, Long> stored = storedTimes(newest.keySet());
    List<WriteRequest> puts = new ArrayList<>();
    for (Map.Entry<String, StoredState> e : newest.entrySet()) {
      Long have = stored.get(e.getKey());
      if (have == null || have < e.getValue().newestEventMs()) {
        puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(e.getValue())).build()).build());
      }
    }
    for (int from = 0; from < puts.size(); from += WRITE_BATCH) {
      writeBatch(puts.subList(from, Math.min(puts.size(), from + WRITE_BATCH)));
    }
    return counters.record(puts.size(), rows.size() - puts.size());
  }

  private void writeBatch(List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        throw new IllegalStateException("BatchWriteItem to " + table + " kept returning unprocessed items");
      }
      backoff(attempt);
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(request));
      pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
    }
  }

  private static void backoff(int attempt) {
    if (attempt == 0) {
      return;
    }
    try {
      Thread.sleep(Math.min(2_000, 25L << Math.min(attempt, 7)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private List<Map<String, AttributeValue>> batchGet(Collection<Map<String, AttributeValue>> keys, String projection) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    List<Map<String, AttributeValue>> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += GET_BATCH) {
      KeysAndAttributes.Builder ka = KeysAndAttributes.builder().keys(all.subList(from, Math.min(all.size(), from + GET_BATCH)))
          .consistentRead(true);
      if (projection != null) {
        ka.projectionExpression(projection);
      }
      Map<String, KeysAndAttributes> pending = Map.of(table, ka.build());
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException("BatchGetItem from " + table + " kept returning unprocessed keys");
        }
        backoff(attempt);
        Map<String, KeysAndAttributes> request = pending;
        BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(request));
        out.addAll(r.responses().getOrDefault(table, List.of()));
        pending = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
        if (pending.containsKey(table) && pending.get(table).keys().isEmpty()) {
          pending = Map.of();
        }
      }
    }
    return out;
  }

  private Map<String, Long> storedTimes(Collection<String> pks) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String pk : pks) {
      keys.add(Map.of("pk", AttributeValue.fromS(pk)));
    }
    Map<String, Long> out = new HashMap<>();
    for (Map<String, AttributeValue> item : batchGet(keys, "pk, newest_event_ms")) {
      out.put(item.get("pk").s(), Long.parseLong(item.get("newest_event_ms").n()));
    }
    return out;
  }

  @Override
  public Optional<StoredState> get(Entity entity, String id) {
    checkOpen();
    counters.reads.increment();
    var r = client.getItem(b -> b.tableName(table).key(key(entity, id)).consistentRead(true));
    return r.hasItem() && !r.item().isEmpty() ? Optional.of(decode(r.item())) : Optional.empty();
  }

  @Override
  public Map<String, StoredState> getAll(Entity entity, Collection<String> ids) {
    checkOpen();
    counters.reads.add(ids.size());
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      keys.add(key(entity, id));
    }
    Map<String, StoredState> found = new HashMap<>();
    for (Map<String, AttributeValue> item : batchGet(keys, null)) {
      StoredState s = decode(item);
      found.put(s.id(), s);
    }
    Map<String, StoredState> out = new LinkedHashMap<>();
    for (String id : ids) {
      if (found.containsKey(id)) {
        out.put(id, found.get(id));
      }
    }
    return out;
  }

  /**
   * Scans one entity's items a page at a time, each request shaped by {@code shape} (a projection, a count), until
   * the table ends or {@code page} answers false.
   */
  private void scanPages(Entity entity, UnaryOperator<ScanRequest.Builder> shape, Predicate<ScanResponse> page) {
    Map<String, AttributeValue> start = null;
    boolean more;
    do {
      ScanRequest.Builder b = shape.apply(ScanRequest.builder().tableName(table).consistentRead(true)
          .filterExpression("ent = :e").expressionAttributeValues(Map.of(":e", AttributeValue.fromS(entity.wireName()))));
      if (start != null) {
        b.exclusiveStartKey(start);
      }
      ScanResponse r = client.scan(b.build());
      more = page.test(r);
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (more && start != null);
  }

  @Override
  public void scan(Entity entity, Consumer<StoredState> visitor) {
    checkOpen();
    scanPages(entity, b -> b, r -> {
      r.items().forEach(item -> visitor.accept(decode(item)));
      return true;
    });
  }

  @Override
  public List<String> ids(Entity entity, int limit) {
    checkOpen();
    List<String> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    // Ids only, until enough are found: not a read of every row's state (a name, in case "id" is ever reserved).
    scanPages(entity, b -> b.projectionExpression("#id").expressionAttributeNames(Map.of("#id", "id")), r -> {
      r.items().stream().limit(limit - out.size()).forEach(item -> out.add(item.get("id").s()));
      return out.size() < limit;
    });
    return out;
  }

  @Override
  public long count(Entity entity) {
    checkOpen();
    long[] n = {0};
    scanPages(entity, b -> b.select(Select.COUNT), r -> {
      n[0] += r.count();
      return true;
    });
    return n[0];
  }

  /**
   * Deletes every item (key-only scan, BatchWriteItem deletes). The table itself stays: on AWS it is owned by
   * Terraform, with its encryption, point-in-time recovery and tags, and the roles may not create tables.
   */
  @Override
  public void clear() {
    checkOpen();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder b = ScanRequest.builder().tableName(table).projectionExpression("pk");
      if (start != null) {
        b.exclusiveStartKey(start);
      }
      ScanResponse r = client.scan(b.build());
      List<WriteRequest> deletes = r.items().stream()
          .map(item -> WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", item.get("pk")))).build())
          .toList();
      for (int from = 0; from < deletes.size(); from += WRITE_BATCH) {
        writeBatch(deletes.subList(from, Math.min(deletes.size(), from + WRITE_BATCH)));
      }
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
  }

  @Override
  public StoreStats stats() {
    checkOpen();
    Map<String, Object> details = new LinkedHashMap<>();
    var t = client.describeTable(b -> b.tableName(table)).table();
    details.put("table", table);
    details.put("item_count_approx", t.itemCount());
    details.put("table_size_bytes_approx", t.tableSizeBytes());
    return new StoreStats("dynamodb", table, count(Entity.USER), count(Entity.CONTENT), counters.written.sum(),
        counters.ignored.sum(), counters.reads.sum(), details);
  }

  @Override
  public void close() {
    closed = true;
    writers.shutdown();
  }
}
