package io.stillwater.featurestore.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LiveFeatureReaderTest {

  @TempDir Path workspace;

  @Test
  void readersDuringFlipsReadWhollyFromOneGenerationAndNeverFail() throws Exception {
    flipWhileReading(FileGenerationRegistry.inWorkspace(workspace), EmbeddedSlots.opener(workspace));
  }

  /** Four reader threads through a LiveFeatureReader while the live pointer flips and rolls back. */
  public static void flipWhileReading(GenerationRegistry registry, Function<Slot, OnlineStore> opener) throws Exception {
    Generation g1 = FlipFixture.generation(registry, opener, Slot.BLUE);
    registry.promote(g1.number(), 0);
    Generation g2 = FlipFixture.generation(registry, opener, Slot.GREEN);

    try (LiveFeatureReader reader = new LiveFeatureReader(registry, opener)) {
      assertThat(reader.live().orElseThrow().generation().number()).isEqualTo(g1.number());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong reads = new AtomicLong();
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (!stop.get()) {
            try {
              seen.add(FlipFixture.readAll(reader.live().orElseThrow()));
              reads.incrementAndGet();
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          }
        });
        th.start();
        threads.add(th);
      }
      long before = reads.get();
      awaitUntil(() -> reads.get() >= before + 50, "reads on the first generation");
      long flippedAt = System.nanoTime();
      registry.promote(g2.number(), g1.number());
      awaitUntil(() -> reader.live().orElseThrow().generation().number() == g2.number(), "the flip to be seen");
      long visibleMs = (System.nanoTime() - flippedAt) / 1_000_000;
      long afterFlip = reads.get();
      awaitUntil(() -> reads.get() >= afterFlip + 50, "reads on the second generation");
      registry.rollback(g2.number());
      awaitUntil(() -> reader.live().orElseThrow().generation().number() == g1.number(), "the rollback to be seen");
      long afterRollback = reads.get();
      awaitUntil(() -> reads.get() >= afterRollback + 50, "reads after the rollback");
      stop.set(true);
      for (Thread th : threads) {
        th.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(reads.get()).isGreaterThan(20);
      assertThat(seen).containsExactlyInAnyOrder(g1.number(), g2.number());
      assertThat(visibleMs).isLessThan(1_000);
    }
  }

  @Test
  void nothingLiveMeansNoView() {
    GenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    try (LiveFeatureReader reader = new LiveFeatureReader(registry, EmbeddedSlots.opener(workspace))) {
      assertThat(reader.live()).isEmpty();
    }
  }

  /** Waits for a condition, failing the test after ten seconds instead of hanging. */
  private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
