package io.stillwater.featurestore.lmdb;

import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.OnlineStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LmdbOnlineStoreTest extends OnlineStoreContract {

  @TempDir Path dir;

  @Override
  protected OnlineStore newStore() {
    return LmdbOnlineStore.open(dir.resolve("store/blue"), 1L << 30);
  }
}
