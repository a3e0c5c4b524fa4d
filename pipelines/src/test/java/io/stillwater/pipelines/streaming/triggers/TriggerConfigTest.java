package io.stillwater.pipelines.streaming.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerConfigTest {

  @TempDir Path dir;

  @Test
  void the_bundled_rules_turn_on_all_four_with_their_thresholds() {
    TriggerConfig c = TriggerConfig.bundled();

    assertThat(c.enabledRules()).containsExactly("sleep_bounce", "search", "heart_rate_elevated", "long_run");
    assertThat(c.maxEventAgeSeconds()).isEqualTo(600);
    assertThat(c.sleepBounce().orElseThrow()).isEqualTo(new TriggerConfig.SleepBounce("sleep", 120));
    assertThat(c.search().orElseThrow()).isEqualTo(new TriggerConfig.SearchRule("after_search"));
    assertThat(c.heartRateElevated().orElseThrow())
        .isEqualTo(new TriggerConfig.HeartRateElevated("stress_relief", 100, 10, 900));
    assertThat(c.longRun().orElseThrow()).isEqualTo(new TriggerConfig.LongRun("movement", 3000, 30));
  }

  @Test
  void the_option_takes_default_off_or_a_file() throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, "{\"max_event_age_seconds\": 30, \"rules\": {\"long_run\": {\"steps_over\": 500, \"within_minutes\": 5}}}");

    assertThat(TriggerConfig.fromOption(null).orElseThrow().enabledRules()).hasSize(4);
    assertThat(TriggerConfig.fromOption("default").orElseThrow().enabledRules()).hasSize(4);
    assertThat(TriggerConfig.fromOption("off")).isEmpty();
    TriggerConfig fromFile = TriggerConfig.fromOption(file.toString()).orElseThrow();
    assertThat(fromFile.enabledRules()).containsExactly("long_run");
    assertThat(fromFile.maxEventAgeSeconds()).isEqualTo(30);
    assertThat(fromFile.longRun().orElseThrow()).isEqualTo(new TriggerConfig.LongRun("movement", 500, 5));
  }

  @Test
  void malformed_configs_are_refused_naming_the_field() {
    assertRefused("{\"rules\": {\"long_run\": {\"steps_over\": -3}}}", "rules.long_run.steps_over must be a whole number from 1 up, got -3");
    assertRefused("{\"rules\": {\"long_run\": {\"within_minutes\": 2000}}}", "rules.long_run.within_minutes must be a whole number from 1 to 1440");
    assertRefused("{\"rules\": {\"heart_rate_elevated\": {\"above_bpm\": \"high\"}}}", "rules.heart_rate_elevated.above_bpm must be a number");
    assertRefused("{\"rules\": {\"heart_rate_elevated\": {\"for_minutes\": 1.5}}}", "rules.heart_rate_elevated.for_minutes must be a whole number");
    assertRefused("{\"rules\": {\"sleep_bounce\": {\"left_within_seconds\": 0}}}", "rules.sleep_bounce.left_within_seconds must be a number > 0");
    assertRefused("{\"rules\": {\"search\": {\"flag\": \"after-search\"}}}", "rules.search.flag must be one of after_search, focus");
    assertRefused("{\"rules\": {\"search\": {\"flagg\": \"after_search\"}}}", "rules.search.flagg is not a known field");
    assertRefused("{\"rules\": {\"search\": {\"enabled\": \"yes\"}}}", "rules.search.enabled must be true or false");
    assertRefused("{\"rules\": {\"stepz\": {}}}", "rules.stepz is not a rule; the rules are sleep_bounce, search, heart_rate_elevated, long_run");
    assertRefused("{\"rules\": {\"search\": true}}", "rules.search must be an object");
    assertRefused("{\"max_event_age_seconds\": 0, \"rules\": {}}", "max_event_age_seconds must be a whole number from 1 up, got 0");
    assertRefused("{\"rulez\": {}}", "rulez is not a known field");
    assertRefused("{}", "rules must be an object");
    assertRefused("[1]", "(top level) must be a JSON object");
    assertRefused("{\"rules\": ", "not JSON");
  }

  @Test
  void a_missing_file_is_refused_naming_it() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> TriggerConfig.fromOption(missing.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trigger config " + missing + ": cannot read it");
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> TriggerConfig.parse(json, "my.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trigger config my.json: ")
        .hasMessageContaining(message);
  }
}
