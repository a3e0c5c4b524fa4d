package io.stillwater.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.Entity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link OnlineStore} contract, run against every backend by a subclass that supplies an empty store. */
public abstract class OnlineStoreContract {

  protected OnlineStore store;

  /** A new, empty store. */
  protected abstract OnlineStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static StoredState user(String id, long ms) {
    return new StoredState(Entity.USER, id, ms, (id + "@" + ms).getBytes(StandardCharsets.UTF_8));
  }

  protected static StoredState content(String id, long ms) {
    return new StoredState(Entity.CONTENT, id, ms, ("c:" + id + "@" + ms).getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, StoredState> all(Entity e) {
    Map<String, StoredState> out = new HashMap<>();
    store.scan(e, s -> out.put(s.id(), s));
    return out;
  }

  @Test
  void upsertThenGetReturnsTheRow() {
    assertThat(store.upsert(List.of(user("u1", 1000), content("c1", 2000)))).isEqualTo(new OnlineStore.UpsertResult(2, 0));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", 1000));
    assertThat(store.get(Entity.CONTENT, "c1")).contains(content("c1", 2000));
    assertThat(store.get(Entity.USER, "nobody")).isEmpty();
  }

  @Test
  void ids_are_some_of_one_entitys_rows_and_never_more_than_the_limit() {
    List<StoredState> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(user("u" + i, 1000 + i));
    }
    rows.add(content("c1", 2000));
    store.upsert(rows);
    List<String> some = store.ids(Entity.USER, 7);
    assertThat(some).hasSize(7).doesNotHaveDuplicates().allSatisfy(id -> assertThat(all(Entity.USER)).containsKey(id));
    assertThat(store.ids(Entity.USER, 100)).containsExactlyInAnyOrderElementsOf(all(Entity.USER).keySet());
    assertThat(store.ids(Entity.CONTENT, 100)).containsExactly("c1");
    assertThat(store.ids(Entity.USER, 0)).isEmpty();
  }

  @Test
  void olderAndEqualWritesAreIgnored() {
    store.upsert(List.of(user("u1", 5000)));
    StoredState sameTimeOtherBytes = new StoredState(Entity.USER, "u1", 5000, new byte[] {9, 9});
    assertThat(store.upsert(List.of(user("u1", 4000), sameTimeOtherBytes))).isEqualTo(new OnlineStore.UpsertResult(0, 2));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", 5000));
    assertThat(store.upsert(List.of(user("u1", 6000)))).isEqualTo(new OnlineStore.UpsertResult(1, 0));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", 6000));
  }

  @Test
  void aStateWithoutEventsNeverReplacesOneWithEvents() {
    store.upsert(List.of(user("u1", StoredState.NO_EVENTS)));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", StoredState.NO_EVENTS));
    store.upsert(List.of(user("u1", 10)));
    store.upsert(List.of(user("u1", StoredState.NO_EVENTS)));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", 10));
  }

  @Test
  void outOfOrderAndReplayedWritesEndInTheInOrderState() {
    List<StoredState> inOrder = new ArrayList<>();
    for (int v = 1; v <= 8; v++) {
      for (int i = 0; i < 40; i++) {
        inOrder.add(user("u" + i, 1_000L * v + i));
        if (i < 10) {
          inOrder.add(content("c" + i, 1_000L * v + i));
        }
      }
    }
    for (int from = 0; from < inOrder.size(); from += 37) {
      store.upsert(inOrder.subList(from, Math.min(inOrder.size(), from + 37)));
    }
    Map<String, StoredState> users = all(Entity.USER);
    Map<String, StoredState> contents = all(Entity.CONTENT);
    assertThat(users).hasSize(40);
    assertThat(users.get("u7")).isEqualTo(user("u7", 8_007));

    store.clear();
    assertThat(store.count(Entity.USER)).isZero();
    List<StoredState> shuffled = new ArrayList<>(inOrder);
    shuffled.addAll(inOrder.subList(0, inOrder.size() / 2)); // a replay of the first half
    Collections.shuffle(shuffled, new Random(42));
    for (int from = 0; from < shuffled.size(); from += 53) {
      store.upsert(shuffled.subList(from, Math.min(shuffled.size(), from + 53)));
    }
    store.upsert(inOrder); // and a full replay at the end
    assertThat(all(Entity.USER)).isEqualTo(users);
    assertThat(all(Entity.CONTENT)).isEqualTo(contents);
  }

  @Test
  void concurrentWritersEndInTheNewestState() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        fs.add(pool.submit(() -> {
          List<StoredState> rows = new ArrayList<>();
          for (int v = 1; v <= 5; v++) {
            for (int i = 0; i < 10; i++) {
              rows.add(user("u" + i, 100L * v + seed));
            }
          }
          Collections.shuffle(rows, new Random(seed));
          for (StoredState r : rows) {
            store.upsert(List.of(r));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(store.get(Entity.USER, "u" + i)).contains(user("u" + i, 503));
    }
  }

  @Test
  void getAllReturnsOnlyPresentIdsAndEntitiesAreSeparate() {
    store.upsert(List.of(user("x", 1), user("y", 2), content("x", 3)));
    Map<String, StoredState> got = store.getAll(Entity.USER, List.of("x", "y", "z"));
    assertThat(got).containsOnlyKeys("x", "y");
    assertThat(got.get("x")).isEqualTo(user("x", 1));
    assertThat(store.getAll(Entity.CONTENT, List.of("x", "y"))).containsOnlyKeys("x");
    assertThat(store.getAll(Entity.USER, List.of())).isEmpty();
  }

  @Test
  void countsScanStatsAndClear() {
    List<StoredState> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(user("user-" + i, i + 1));
    }
    rows.add(content("c1", 5));
    store.upsert(rows);
    assertThat(store.count(Entity.USER)).isEqualTo(120);
    assertThat(store.count(Entity.CONTENT)).isEqualTo(1);
    assertThat(all(Entity.USER)).hasSize(120);
    OnlineStore.StoreStats stats = store.stats();
    assertThat(stats.users()).isEqualTo(120);
    assertThat(stats.contents()).isEqualTo(1);
    assertThat(stats.written()).isEqualTo(121);
    store.clear();
    assertThat(store.count(Entity.USER)).isZero();
    assertThat(store.count(Entity.CONTENT)).isZero();
    assertThat(store.get(Entity.USER, "user-1")).isEmpty();
  }

  @Test
  void bulkLoadIsGuardedToo() {
    store.bulkLoad(List.of(user("u1", 500), user("u2", 500)));
    store.upsert(List.of(user("u1", 400), user("u2", 600)));
    assertThat(store.get(Entity.USER, "u1")).contains(user("u1", 500));
    assertThat(store.get(Entity.USER, "u2")).contains(user("u2", 600));
  }

  @Test
  void largeStatesRoundTrip() {
    byte[] big = new byte[300_000];
    new Random(1).nextBytes(big);
    store.upsert(List.of(new StoredState(Entity.USER, "big", 1, big)));
    assertThat(store.get(Entity.USER, "big").orElseThrow().state()).isEqualTo(big);
  }
}
