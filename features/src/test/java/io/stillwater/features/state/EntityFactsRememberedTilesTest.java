package io.stillwater.features.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reads remember each key's sorted raw facts and long windows' tile parts: reading one state again and again (at
 * instants in one hour, then later ones, with facts added and pruned in between) gives exactly what a plain scan
 * of the raw facts and tiles gives (the arithmetic as it was before reads were remembered).
 */
class EntityFactsRememberedTilesTest {

  private static final long HOUR = 3_600_000L;
  private static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final List<Duration> LONG = List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofHours(3));
  private static final List<Duration> SHORT = List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1));

  @Test
  void repeatedReadsEqualAPlainScan() {
    SplittableRandom rng = new SplittableRandom(11);
    EntityFacts f = new EntityFacts();
    long t = START;
    for (int step = 0; step < 400; step++) {
      t += rng.nextLong(HOUR / 3);
      if (rng.nextInt(3) == 0) {
        int key = rng.nextInt(3);
        // some facts at the same millisecond, so ties at window edges are exercised
        long at = rng.nextInt(4) == 0 ? t : t - rng.nextLong(2 * HOUR);
        f.add(at, key, rng.nextDouble() * 100, key == 2);
        if (rng.nextInt(10) == 0) {
          f.prune(Duration.ofDays(30));
        }
      }
      for (int read = 0; read < 3; read++) {
        long asOf = read == 0 ? t : t + rng.nextLong(HOUR);
        for (int key = 0; key < 3; key++) {
          for (Duration w : LONG) {
            assertThat(f.hourly(key, asOf, w)).isEqualTo(hourly(f, key, asOf, w));
            List<Double> values = hourlyValues(f, key, asOf, w);
            assertThat(f.hourlyValues(key, asOf, w)).isEqualTo(values);
            values.sort(null);
            EntityFacts.SortedValues sorted = f.sortedHourlyValues(key, asOf, w);
            assertThat(sorted.toList()).isEqualTo(values);
            assertThat(sorted.size()).isEqualTo(values.size());
          }
          for (Duration w : SHORT) {
            assertThat(f.exact(key, asOf, w)).isEqualTo(exact(f, key, asOf, w));
          }
        }
      }
    }
  }

  private static EntityFacts.CountSum exact(EntityFacts f, int key, long asOfMs, Duration window) {
    long from = asOfMs - window.toMillis();
    long count = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < f.rawTs.size(); i++) {
      long ts = f.rawTs.get(i);
      if (f.rawKey.get(i) == key && ts > from && ts < asOfMs) {
        count++;
        sum = sum.add(new BigDecimal(f.rawValue.get(i)));
      }
    }
    return new EntityFacts.CountSum(count, sum.doubleValue());
  }

  private static EntityFacts.CountSum hourly(EntityFacts f, int key, long asOfMs, Duration window) {
    long currentHour = EntityFacts.floorHour(asOfMs);
    long count = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (EntityFacts.Tile tile : f.tiles.subMap(EntityFacts.floorHour(asOfMs - window.toMillis()), currentHour).values()) {
      long[] cl = tile.countAndLatest.get(key);
      if (cl != null) {
        count += cl[0];
        sum = sum.add(tile.sums.get(key));
      }
    }
    for (int i = 0; i < f.rawTs.size(); i++) {
      long ts = f.rawTs.get(i);
      if (f.rawKey.get(i) == key && ts >= currentHour && ts < asOfMs) {
        count++;
        sum = sum.add(new BigDecimal(f.rawValue.get(i)));
      }
    }
    return new EntityFacts.CountSum(count, sum.doubleValue());
  }

  private static List<Double> hourlyValues(EntityFacts f, int key, long asOfMs, Duration window) {
    long currentHour = EntityFacts.floorHour(asOfMs);
    List<Double> out = new ArrayList<>();
    for (EntityFacts.Tile tile : f.tiles.subMap(EntityFacts.floorHour(asOfMs - window.toMillis()), currentHour).values()) {
      List<Double> v = tile.values.get(key);
      if (v != null) {
        out.addAll(v);
      }
    }
    for (int i = 0; i < f.rawTs.size(); i++) {
      long ts = f.rawTs.get(i);
      if (f.rawKey.get(i) == key && ts >= currentHour && ts < asOfMs) {
        out.add(f.rawValue.get(i));
      }
    }
    return out;
  }
}
