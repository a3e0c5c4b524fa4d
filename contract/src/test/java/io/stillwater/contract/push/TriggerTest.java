package io.stillwater.contract.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TriggerTest {

  @Test
  void json_round_trip_keeps_every_field_and_derives_the_idempotency_key() {
    Trigger t = new Trigger(null, "sleep_bounce", "u-1", "sleep", "left s-3 after 40 s", "e-9", 1_000L, 1_200L);
    assertThat(t.triggerId()).isEqualTo("sleep_bounce:u-1:e-9");
    assertThat(t.toJson()).contains("\"trigger_id\":\"sleep_bounce:u-1:e-9\"", "\"event_time_ms\":1000");
    assertThat(Trigger.fromJson(t.toJson())).isEqualTo(t);
  }

  @Test
  void a_record_without_a_user_is_refused_naming_the_field() {
    assertThatThrownBy(() -> Trigger.fromJson("{\"rule\":\"r\",\"flag\":\"sleep\",\"event_id\":\"e\",\"event_time_ms\":1,\"detected_at_ms\":1}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user_id");
  }

  @Test
  void unknown_fields_and_non_json_are_refused() {
    assertThatThrownBy(() -> Trigger.fromJson("{\"surprise\":1}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Trigger.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
  }
}
