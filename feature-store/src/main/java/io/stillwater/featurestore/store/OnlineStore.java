package io.stillwater.featurestore.store;

import io.stillwater.features.definition.Entity;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The online store of one slot (blue or green): per entity, the latest feature state. This interface is the
 * one place its contract is stated; {@code OnlineStoreContract} (tests) holds every backend to it.
 *
 * <ul>
 *   <li><b>Event-time guarded, idempotent upserts.</b> {@link #upsert} writes a row only when its
 *       {@code newestEventMs} is strictly newer than the stored row's (or there is none). An older or equal
 *       write is ignored. So replays, restarts and out-of-order batches never move a feature backwards, and
 *       any order of the same writes ends in the same state as the in-order one.</li>
 *   <li><b>Batches are not transactions across backends.</b> A batch is applied row by row; a crash half way
 *       leaves some rows written, and replaying the batch is always safe.</li>
 *   <li><b>Reads see committed writes</b>, from any thread and (embedded backend) any process that opens
 *       the same slot directory. {@link #getAll} returns only the ids present.</li>
 *   <li>{@link #scan} and {@link #count} are for verification and may be slow; not for serving.</li>
 *   <li>A store is thread-safe. {@link #close} releases it; use after close throws.</li>
 * </ul>
 */
public interface OnlineStore extends AutoCloseable {

  /** Applies each row under the event-time guard; returns how many were written and how many ignored. */
  UpsertResult upsert(List<StoredState> rows);

  /**
   * Fills a slot nobody else writes to (loading a standby slot from a snapshot). Same guard and result as
   * {@link #upsert} unless a backend documents a faster path; the default is {@link #upsert}.
   */
  default UpsertResult bulkLoad(List<StoredState> rows) {
    return upsert(rows);
  }

  Optional<StoredState> get(Entity entity, String id);

  /** The rows present among {@code ids}, keyed by id. */
  Map<String, StoredState> getAll(Entity entity, Collection<String> ids);

  /** Visits every row of one entity (order unspecified). For verification, not serving. */
  void scan(Entity entity, Consumer<StoredState> visitor);

  /**
   * Up to {@code limit} ids of one entity's rows (which ones unspecified), read without the whole table: what the
   * API warms its request path on before it says it is ready.
   */
  List<String> ids(Entity entity, int limit);

  long count(Entity entity);

  /** Removes every row: used before loading a new generation into this slot. */
  void clear();

  StoreStats stats();

  @Override
  void close();

  /** What an upsert did. */
  record UpsertResult(long written, long ignored) {
    public static final UpsertResult NONE = new UpsertResult(0, 0);

    public UpsertResult plus(UpsertResult o) {
      return new UpsertResult(written + o.written, ignored + o.ignored);
    }
  }

  /** Counters since this store object was opened, plus backend-specific size figures. */
  record StoreStats(String backend, String location, long users, long contents, long written, long ignored,
      long reads, Map<String, Object> details) {}
}
