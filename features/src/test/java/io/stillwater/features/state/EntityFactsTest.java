package io.stillwater.features.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tiles-and-raw-facts store itself: window arithmetic independent of any feature. */
class EntityFactsTest {

  private static final int KEY = 7;
  private static final int OTHER = 8;
  private static final long AS_OF = Instant.parse("2024-03-10T12:34:56.789Z").toEpochMilli();
  private static final long MIN = 60_000L;
  private static final long HOUR = 3_600_000L;

  private static EntityFacts factsOf(long[] ts, double[] values) {
    EntityFacts f = new EntityFacts();
    for (int i = 0; i < ts.length; i++) {
      f.add(ts[i], KEY, values[i], false);
    }
    f.prune(Duration.ofDays(30));
    return f;
  }

  @Test
  void sums_do_not_depend_on_the_order_facts_were_added() {
    // In doubles, (0.1 + 0.2) + 0.3 = 0.6000000000000001 but (0.3 + 0.2) + 0.1 = 0.6: batch (event-time order)
    // and streaming (arrival order) must still agree bit for bit.
    long[] ts = {AS_OF - 3 * MIN, AS_OF - 2 * MIN, AS_OF - MIN};
    long[] tsOld = {AS_OF - 50 * HOUR, AS_OF - 50 * HOUR + MIN, AS_OF - 50 * HOUR + 2 * MIN};
    EntityFacts forward = factsOf(ts, new double[] {0.1, 0.2, 0.3});
    EntityFacts backward = factsOf(new long[] {ts[2], ts[1], ts[0]}, new double[] {0.3, 0.2, 0.1});
    EntityFacts tilesForward = factsOf(tsOld, new double[] {0.1, 0.2, 0.3});
    EntityFacts tilesBackward = factsOf(new long[] {tsOld[2], tsOld[1], tsOld[0]}, new double[] {0.3, 0.2, 0.1});

    Duration quarter = Duration.ofMinutes(15);
    Duration week = Duration.ofDays(7);
    assertThat(forward.exact(KEY, AS_OF, quarter).sum()).isEqualTo(backward.exact(KEY, AS_OF, quarter).sum())
        .isEqualTo(0.6);
    assertThat(forward.hourly(KEY, AS_OF, week).sum()).isEqualTo(backward.hourly(KEY, AS_OF, week).sum())
        .isEqualTo(0.6);
    assertThat(tilesForward.hourly(KEY, AS_OF, week).sum()).isEqualTo(tilesBackward.hourly(KEY, AS_OF, week).sum())
        .isEqualTo(0.6);
  }

  @Test
  void exact_window_counts_and_sums_only_its_key_strictly_inside_the_window() {
    EntityFacts f = new EntityFacts();
    f.add(AS_OF - HOUR, KEY, 5, false); // exactly at the start: out
    f.add(AS_OF - HOUR + 1, KEY, 7, false);
    f.add(AS_OF - 1, KEY, 11, false);
    f.add(AS_OF, KEY, 13, false); // at asOf: out
    f.add(AS_OF - MIN, OTHER, 17, false);
    assertThat(f.exact(KEY, AS_OF, Duration.ofHours(1))).isEqualTo(new EntityFacts.CountSum(2, 18.0));
  }

  @Test
  void hourly_window_covers_whole_hours_from_the_hour_at_or_before_its_start_and_raw_facts_of_the_current_hour() {
    EntityFacts f = new EntityFacts();
    long weekAgo = AS_OF - Duration.ofDays(7).toMillis();
    long startHour = EntityFacts.floorHour(weekAgo);
    f.add(startHour - 1, KEY, 1, false); // out
    f.add(startHour, KEY, 2, false);
    f.add(weekAgo, KEY, 4, false);
    f.add(EntityFacts.floorHour(AS_OF), KEY, 8, false);
    f.add(AS_OF - 1, KEY, 16, false);
    f.add(AS_OF, KEY, 32, false); // out
    f.prune(Duration.ofDays(30));
    assertThat(f.hourly(KEY, AS_OF, Duration.ofDays(7))).isEqualTo(new EntityFacts.CountSum(4, 30.0));
  }

  @Test
  void hourly_values_keep_each_value_of_the_window() {
    EntityFacts f = new EntityFacts();
    f.add(AS_OF - 3 * HOUR, KEY, 61, true);
    f.add(AS_OF - MIN, KEY, 62, true);
    f.add(AS_OF, KEY, 63, true);
    f.add(AS_OF - 8 * 24 * HOUR, KEY, 64, true);
    assertThat(f.hourlyValues(KEY, AS_OF, Duration.ofDays(7))).containsExactlyInAnyOrder(61.0, 62.0);
  }

  @Test
  void latest_before_is_the_latest_fact_strictly_before_as_of() {
    EntityFacts f = new EntityFacts();
    assertThat(f.latestBefore(KEY, AS_OF)).isEmpty();
    f.add(AS_OF - 2 * HOUR, KEY, 1, false);
    f.add(AS_OF, KEY, 1, false);
    f.add(AS_OF + MIN, KEY, 1, false);
    assertThat(f.latestBefore(KEY, AS_OF)).hasValue(AS_OF - 2 * HOUR);
    assertThat(f.latestBefore(KEY, AS_OF + 1)).hasValue(AS_OF);
    assertThat(f.latestBefore(KEY, AS_OF + 2 * MIN)).hasValue(AS_OF + MIN);
    assertThat(f.latestBefore(KEY, AS_OF - 2 * HOUR)).isEmpty();
    assertThat(f.latestBefore(OTHER, AS_OF + 2 * MIN)).isEmpty();
  }

  @Test
  void newest_is_the_latest_fact_time_whatever_the_order() {
    EntityFacts f = new EntityFacts();
    assertThat(f.newest()).isEqualTo(Long.MIN_VALUE);
    f.add(AS_OF, KEY, 1, false);
    f.add(AS_OF - HOUR, KEY, 1, false);
    assertThat(f.newest()).isEqualTo(AS_OF);
  }
}
