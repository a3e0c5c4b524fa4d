package io.stillwater.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

  @Test
  void every_form_parses_and_prints_back() {
    assertThat(StreamPosition.parse("LATEST")).isEqualTo(StreamPosition.LATEST);
    assertThat(StreamPosition.parse("trim_horizon")).isEqualTo(StreamPosition.TRIM_HORIZON);
    assertThat(StreamPosition.parse("2026-11-28T20:00:00Z"))
        .isEqualTo(new StreamPosition.AtTimestamp(Instant.parse("2026-11-28T20:00:00Z")));
    assertThat(StreamPosition.parse("AT_TIMESTAMP:2026-11-28T20:00:00Z"))
        .isEqualTo(new StreamPosition.AtTimestamp(Instant.parse("2026-11-28T20:00:00Z")));
    assertThat(StreamPosition.parse("offset:1234")).isEqualTo(new StreamPosition.Offset(1234));
    for (String text : new String[] {"LATEST", "TRIM_HORIZON", "2026-11-28T20:00:00Z", "offset:7"}) {
      assertThat(StreamPosition.parse(text).toString()).isEqualTo(text);
    }
  }

  @Test
  void a_bad_value_is_named_in_the_error() {
    assertThatThrownBy(() -> StreamPosition.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yesterday'").hasMessageContaining("TRIM_HORIZON");
    assertThatThrownBy(() -> StreamPosition.parse("offset:-3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'offset:-3'");
    assertThatThrownBy(() -> StreamPosition.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
