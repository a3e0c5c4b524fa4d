package io.stillwater.features.state;

import static io.stillwater.features.state.Fixtures.AS_OF;
import static io.stillwater.features.state.Fixtures.USER;
import static io.stillwater.features.state.Fixtures.userValuesAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

  private static List<String> userFeatureNames() {
    return FeatureRegistry.forEntity(Entity.USER).stream().map(FeatureDefinition::name).toList();
  }

  @Test
  void user_vector_lists_exactly_the_registry_s_user_features_in_order() {
    FeatureVector v = userValuesAt(AS_OF, List.of(Fixtures.start(AS_OF.minusSeconds(60), Fixtures.SLEEP)));
    assertThat(v.entity()).isEqualTo(Entity.USER);
    assertThat(v.entityId()).isEqualTo(USER);
    assertThat(v.asOf()).isEqualTo(AS_OF);
    assertThat(v.values().keySet()).containsExactlyElementsOf(userFeatureNames());
  }

  @Test
  void user_vector_of_a_user_without_history_still_lists_every_feature() {
    assertThat(userValuesAt(AS_OF, List.of()).values().keySet()).containsExactlyElementsOf(userFeatureNames());
  }

  @Test
  void counts_are_longs_and_numbers_are_doubles() {
    FeatureVector v = userValuesAt(AS_OF, List.of(Fixtures.steps(AS_OF.minusSeconds(60), 10),
        Fixtures.heartRate(AS_OF.minusSeconds(60), 70.0), Fixtures.sleepBounce(AS_OF.minusSeconds(30))));
    for (FeatureDefinition d : FeatureRegistry.forEntity(Entity.USER)) {
      Object value = v.values().get(d.name());
      if (value == null) {
        continue;
      }
      switch (d.type()) {
        case COUNT -> assertThat(value).as(d.name()).isInstanceOf(Long.class);
        case NUMBER -> assertThat(value).as(d.name()).isInstanceOf(Double.class);
        case VECTOR -> assertThat(value).as(d.name()).isInstanceOf(float[].class);
        default -> { }
      }
    }
  }

  @Test
  void missing_is_an_explicit_null_and_not_a_number() {
    FeatureVector v = userValuesAt(AS_OF, List.of());
    assertThat(v.values()).containsKey("steps_1h");
    assertThat(v.values().get("steps_1h")).isNull();
    assertThat(v.isMissing("steps_1h")).isTrue();
    assertThat(v.number("steps_1h")).isEmpty();
    assertThat(v.isMissing("sleep_starts_24h")).isFalse();
    assertThat(v.number("sleep_starts_24h")).hasValue(0.0);
  }

  @Test
  void asking_for_a_feature_the_entity_does_not_have_fails() {
    FeatureVector v = userValuesAt(AS_OF, List.of());
    assertThatThrownBy(() -> v.isMissing("content_starts_24h")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> v.number("no_such_feature")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void in_registry_order_rejects_a_missing_or_unregistered_feature() {
    Map<String, Object> values = new HashMap<>();
    for (String name : userFeatureNames()) {
      values.put(name, null);
    }
    assertThat(FeatureVector.inRegistryOrder(Entity.USER, USER, AS_OF, values).values().keySet())
        .containsExactlyElementsOf(userFeatureNames());

    Map<String, Object> extra = new HashMap<>(values);
    extra.put("not_a_feature", 1L);
    assertThatThrownBy(() -> FeatureVector.inRegistryOrder(Entity.USER, USER, AS_OF, extra))
        .isInstanceOf(IllegalStateException.class);

    Map<String, Object> short1 = new HashMap<>(values);
    short1.remove("steps_1h");
    assertThatThrownBy(() -> FeatureVector.inRegistryOrder(Entity.USER, USER, AS_OF, short1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("steps_1h");
  }
}
