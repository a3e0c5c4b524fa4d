package io.stillwater.featurestore.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The registry's rules, run against every backend. */
public abstract class GenerationRegistryContract {

  /** An empty registry. */
  protected abstract GenerationRegistry newRegistry() throws Exception;

  /** A second handle on the registry last made by {@link #newRegistry} (as another operator would have). */
  protected abstract GenerationRegistry sameRegistryAgain() throws Exception;

  static final Instant WATERMARK = Instant.parse("2026-11-20T00:00:00Z");

  static Generation readyAndVerified(GenerationRegistry r, Slot slot, String model) {
    Generation g = r.begin(slot, model, "v1", "/lake/snapshots/asof=x", WATERMARK, null);
    r.markReady(g.number(), 10);
    return r.markVerified(g.number());
  }

  @Test
  void lifecycleFromBuildingToLiveAndRetired() throws Exception {
    GenerationRegistry r = newRegistry();
    assertThat(r.read()).isEqualTo(RegistryState.EMPTY);
    assertThat(r.read().standbySlot()).isEqualTo(Slot.BLUE);
    Generation g1 = r.begin(Slot.BLUE, "m1", "v1", "/snap", WATERMARK, "shard-0:42");
    assertThat(g1.number()).isEqualTo(1);
    assertThat(g1.state()).isEqualTo(GenerationState.BUILDING);
    assertThat(r.read().generation(1).orElseThrow().streamStartPosition()).isEqualTo("shard-0:42");
    r.markReady(1, 10);
    r.markVerified(1);
    r.promote(1, 0);
    RegistryState s = r.read();
    assertThat(s.live()).isEqualTo(1);
    assertThat(s.standbySlot()).isEqualTo(Slot.GREEN);
    Generation live = s.liveGeneration().orElseThrow();
    assertThat(live.state()).isEqualTo(GenerationState.LIVE);
    assertThat(live.liveSince()).isNotNull();
    assertThat(live.backfillWatermark()).isEqualTo(WATERMARK);
    assertThat(live.modelId()).isEqualTo("m1");

    readyAndVerified(r, Slot.GREEN, "m2");
    r.promote(2, 1);
    s = r.read();
    assertThat(s.live()).isEqualTo(2);
    assertThat(s.previousLive()).isEqualTo(1);
    assertThat(s.generation(1).orElseThrow().state()).isEqualTo(GenerationState.RETIRED);
    assertThat(sameRegistryAgain().read()).isEqualTo(s);
  }

  @Test
  void refusals() throws Exception {
    GenerationRegistry r = newRegistry();
    Generation g1 = r.begin(Slot.BLUE, "m1", "v1", "/snap", WATERMARK, null);
    assertThatThrownBy(() -> r.promote(g1.number(), 0)).isInstanceOf(RegistryRefusal.class).hasMessageContaining("incomplete");
    assertThatThrownBy(() -> r.markVerified(g1.number())).hasMessageContaining("incomplete");
    r.markReady(g1.number(), 5);
    assertThatThrownBy(() -> r.promote(g1.number(), 0)).hasMessageContaining("not verified");
    r.markVerified(g1.number());
    assertThatThrownBy(() -> r.promote(g1.number(), 7)).isInstanceOf(RegistryRefusal.Conflict.class);
    r.promote(g1.number(), 0);
    assertThatThrownBy(() -> r.begin(Slot.BLUE, "m", "v1", "/s", WATERMARK, null)).hasMessageContaining("live generation 1");
    assertThatThrownBy(() -> r.promote(g1.number(), 1)).hasMessageContaining("already live");
    assertThatThrownBy(() -> r.rollback(1)).hasMessageContaining("no previous live");
    assertThatThrownBy(() -> r.promote(99, 1)).hasMessageContaining("no generation 99");
  }

  @Test
  void rollbackMakesThePreviousLiveGenerationLiveAgain() throws Exception {
    GenerationRegistry r = newRegistry();
    readyAndVerified(r, Slot.BLUE, "m1");
    r.promote(1, 0);
    readyAndVerified(r, Slot.GREEN, "m2");
    r.promote(2, 1);
    r.rollback(2);
    RegistryState s = r.read();
    assertThat(s.live()).isEqualTo(1);
    assertThat(s.liveGeneration().orElseThrow().slot()).isEqualTo(Slot.BLUE);
    assertThat(s.generation(2).orElseThrow().state()).isEqualTo(GenerationState.RETIRED);
    assertThat(s.previousLive()).isEqualTo(2);
    r.rollback(1); // and forward again
    assertThat(r.read().live()).isEqualTo(2);

    // Loading the standby slot again replaces generation 1: nothing left to roll back to.
    Generation g3 = r.begin(Slot.BLUE, "m3", "v1", "/s", WATERMARK, null);
    assertThatThrownBy(() -> r.rollback(2)).hasMessageContaining("replaced");
    assertThatThrownBy(() -> r.markReady(1, 3)).hasMessageContaining("replaced");
    r.markReady(g3.number(), 1);
    assertThat(r.read().occupant(Slot.BLUE).orElseThrow().number()).isEqualTo(3);
  }

  @Test
  void twoConcurrentPromotesExactlyOneWins() throws Exception {
    newRegistry();
    for (int round = 0; round < 10; round++) {
      GenerationRegistry setup = sameRegistryAgain();
      RegistryState before = setup.read();
      Generation g = readyAndVerified(setup, before.standbySlot(), "m" + round);
      int expectedLive = before.live();
      int threads = 2 + round % 3;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          GenerationRegistry operator = sameRegistryAgain();
          Callable<Boolean> promote = () -> {
            start.await();
            try {
              operator.promote(g.number(), expectedLive);
              return true;
            } catch (RegistryRefusal.Conflict e) {
              return false;
            }
          };
          results.add(pool.submit(promote));
        }
        int wins = 0;
        for (Future<Boolean> f : results) {
          wins += f.get() ? 1 : 0;
        }
        assertThat(wins).as("round %d with %d operators", round, threads).isEqualTo(1);
        assertThat(setup.read().live()).isEqualTo(g.number());
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void promoteAndRollbackRacingExactlyOneWins() throws Exception {
    GenerationRegistry r = newRegistry();
    readyAndVerified(r, Slot.BLUE, "m1");
    r.promote(1, 0);
    readyAndVerified(r, Slot.GREEN, "m2");
    r.promote(2, 1);
    // Generation 1 is retired in blue (a rollback target); reload nothing. Race a rollback against a re-promote.
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      GenerationRegistry a = sameRegistryAgain();
      GenerationRegistry b = sameRegistryAgain();
      Future<Boolean> rollback = pool.submit(() -> {
        start.await();
        try {
          a.rollback(2);
          return true;
        } catch (RegistryRefusal e) {
          return false;
        }
      });
      Future<Boolean> rollbackToo = pool.submit(() -> {
        start.await();
        try {
          b.rollback(2);
          return true;
        } catch (RegistryRefusal e) {
          return false;
        }
      });
      assertThat(rollback.get() ^ rollbackToo.get()).isTrue();
      assertThat(r.read().live()).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }
}
