package io.stillwater.pipelines.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkTest {

  @Test
  void accepts_instants_offsets_local_times_as_utc_and_dates_as_midnight_utc() {
    assertThat(Watermark.parse("2026-11-28T06:30:00Z")).isEqualTo(Instant.parse("2026-11-28T06:30:00Z"));
    assertThat(Watermark.parse("2026-11-28T06:30:00.123456Z")).isEqualTo(Instant.parse("2026-11-28T06:30:00.123Z"));
    assertThat(Watermark.parse("2026-11-28T07:30:00+01:00")).isEqualTo(Instant.parse("2026-11-28T06:30:00Z"));
    assertThat(Watermark.parse("2026-11-28T06:30")).isEqualTo(Instant.parse("2026-11-28T06:30:00Z"));
    assertThat(Watermark.parse("2026-11-28")).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
  }

  @Test
  void now_is_the_current_second() {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant now = Watermark.parse(" NOW ");
    assertThat(now).isBetween(before, Instant.now()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void anything_else_is_refused_with_the_forms_it_takes() {
    for (String bad : new String[] {"", "yesterday", "2026-13-01", "1700000000", "28/11/2026"}) {
      assertThatThrownBy(() -> Watermark.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2026-11-28T06:00:00Z");
    }
  }

  @Test
  void file_names_carry_no_colon() {
    assertThat(Watermark.fileSafe(Instant.parse("2026-11-28T06:30:05Z"))).isEqualTo("2026-11-28T063005Z");
  }
}
