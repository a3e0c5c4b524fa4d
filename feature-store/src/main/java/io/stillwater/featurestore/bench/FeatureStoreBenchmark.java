package io.stillwater.featurestore.bench;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.dynamodb.DynamoDbOnlineStore;
import io.stillwater.featurestore.dynamodb.DynamoTables;
import io.stillwater.featurestore.lmdb.LmdbOnlineStore;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Load throughput and in-process point-read latency of one backend (benchmarks/feature-store.sh runs it).
 * Usage: {@code FeatureStoreBenchmark embedded DIR USERS READS} or
 * {@code FeatureStoreBenchmark dynamodb ENDPOINT USERS READS}. States are 200 random bytes, as in STACK.md.
 */
public final class FeatureStoreBenchmark {

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: FeatureStoreBenchmark embedded DIR|dynamodb ENDPOINT USERS READS");
      System.exit(2);
    }
    String backend = args[0];
    int users = Integer.parseInt(args[2]);
    int reads = Integer.parseInt(args[3]);
    DynamoDbClient client = null;
    OnlineStore store;
    if (backend.equals("embedded")) {
      store = LmdbOnlineStore.open(Path.of(args[1]));
    } else {
      client = DynamoTables.localClient(URI.create(args[1]));
      store = new DynamoDbOnlineStore(client, "bench-" + System.currentTimeMillis());
    }
    try {
      store.clear();
      SplittableRandom rnd = new SplittableRandom(1);
      int batch = backend.equals("embedded") ? 10_000 : 1_000;
      long t0 = System.nanoTime();
      for (int from = 0; from < users; from += batch) {
        List<StoredState> rows = new ArrayList<>(batch);
        for (int i = from; i < Math.min(users, from + batch); i++) {
          byte[] state = new byte[200];
          rnd.nextBytes(state);
          rows.add(new StoredState(Entity.USER, "u_" + i, 1_000_000L + i, state));
        }
        store.bulkLoad(rows);
      }
      double loadS = (System.nanoTime() - t0) / 1e9;
      // Warm up, then time single point reads of random users.
      for (int i = 0; i < Math.min(reads, 10_000); i++) {
        store.get(Entity.USER, "u_" + rnd.nextInt(users));
      }
      long[] ns = new long[reads];
      int misses = 0;
      for (int i = 0; i < reads; i++) {
        String id = "u_" + rnd.nextInt(users);
        long s = System.nanoTime();
        boolean found = store.get(Entity.USER, id).isPresent();
        ns[i] = System.nanoTime() - s;
        misses += found ? 0 : 1;
      }
      Arrays.sort(ns);
      System.out.printf("{\"backend\": \"%s\", \"users\": %d, \"load_s\": %.2f, \"load_rows_per_s\": %.0f, \"reads\": %d,"
              + " \"misses\": %d, \"read_p50_us\": %.1f, \"read_p99_us\": %.1f, \"read_p999_us\": %.1f}%n",
          backend, users, loadS, users / loadS, reads, misses, ns[reads / 2] / 1e3, ns[(int) (reads * 0.99)] / 1e3,
          ns[(int) (reads * 0.999)] / 1e3);
    } finally {
      store.close();
      if (client != null) {
        client.close();
      }
    }
  }
}
