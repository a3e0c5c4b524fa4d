package io.stillwater.push.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static final long H = 3_600_000L;

  @Test
  void theRateLimitCountsPushesInARollingWindowPerUser() {
    RateLimit limit = new RateLimit(2, Duration.ofHours(1));
    limit.record("a", 0);
    limit.record("a", 10 * 60_000L);
    assertThat(limit.allows("a", 30 * 60_000L)).isFalse();
    assertThat(limit.allows("b", 30 * 60_000L)).isTrue();
    assertThat(limit.allows("a", H)).isTrue(); // the first push left the window
    limit.record("a", H);
    assertThat(limit.allows("a", H + 1)).isFalse();
  }

  @Test
  void quietHoursWrapMidnightInTheUsersLocalTime() {
    QuietHours q = QuietHours.parse("22:00-07:00", UserTimeZones.fixed(-300)).orElseThrow(); // UTC-5
    assertThat(q.isQuiet("u", Instant.parse("2026-11-20T03:30:00Z"))).isTrue();   // 22:30 local
    assertThat(q.isQuiet("u", Instant.parse("2026-11-20T11:59:00Z"))).isTrue();   // 06:59 local
    assertThat(q.isQuiet("u", Instant.parse("2026-11-20T12:00:00Z"))).isFalse();  // 07:00 local
    assertThat(q.isQuiet("u", Instant.parse("2026-11-20T02:59:00Z"))).isFalse();  // 21:59 local
    QuietHours day = QuietHours.parse("13:00-14:00", UserTimeZones.fixed(0)).orElseThrow();
    assertThat(day.isQuiet("u", Instant.parse("2026-11-20T13:15:00Z"))).isTrue();
    assertThat(day.isQuiet("u", Instant.parse("2026-11-20T14:00:00Z"))).isFalse();
  }

  @Test
  void quietHoursAreOffOrRefusedWithTheAcceptedForms() {
    assertThat(QuietHours.parse("off", UserTimeZones.fixed(0))).isEmpty();
    assertThatThrownBy(() -> QuietHours.parse("10pm-7am", UserTimeZones.fixed(0)))
        .hasMessage("quiet hours must be HH:MM-HH:MM (local time, start before or after end) or off, not '10pm-7am'");
    assertThatThrownBy(() -> UserTimeZones.fixed(900)).hasMessageContaining("-840 to 840");
  }
}
