package io.stillwater.featurestore.store;

import java.util.concurrent.atomic.LongAdder;

/** Write and read counters shared by the backends' stats(). */
public final class StoreCounters {
  public final LongAdder written = new LongAdder();
  public final LongAdder ignored = new LongAdder();
  public final LongAdder reads = new LongAdder();

  public OnlineStore.UpsertResult record(long w, long i) {
    written.add(w);
    ignored.add(i);
    return new OnlineStore.UpsertResult(w, i);
  }
}
