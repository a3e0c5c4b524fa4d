package io.stillwater.features.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void cosine_of_a_vector_with_itself_is_one() {
    float[] v = {0.3f, -1.2f, 4.5f, 0.01f};
    assertThat(Vectors.cosine(v, v)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void cosine_with_a_vector_of_different_length_throws() {
    assertThatThrownBy(() -> Vectors.cosine(new float[] {1, 2, 3}, new float[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vectors have different lengths: 3 and 2");
  }

  @Test
  void cosine_is_zero_for_orthogonal_vectors_and_minus_one_for_opposite_ones() {
    assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 5})).isCloseTo(0.0, within(1e-12));
    assertThat(Vectors.cosine(new float[] {1, 2}, new float[] {-2, -4})).isCloseTo(-1.0, within(1e-12));
  }

  @Test
  void cosine_ignores_length_and_is_zero_for_an_all_zero_vector() {
    assertThat(Vectors.cosine(new float[] {3, 4}, new float[] {6, 8})).isCloseTo(1.0, within(1e-12));
    assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {1, 1})).isCloseTo(Math.sqrt(0.5), within(1e-7));
    assertThat(Vectors.cosine(new float[] {0, 0}, new float[] {1, 1})).isEqualTo(0.0);
  }

  @Test
  void normalize_returns_a_new_unit_vector_and_leaves_the_input_alone() {
    float[] v = {3, 4};
    float[] unit = Vectors.normalize(v);
    assertThat(unit).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
    assertThat(v).containsExactly(3, 4);
    assertThat(Vectors.norm(unit)).isCloseTo(1.0, within(1e-7));
  }

  @Test
  void normalize_rejects_zero_and_empty_vectors() {
    assertThatThrownBy(() -> Vectors.normalize(new float[] {0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("norm 0.0");
    assertThatThrownBy(() -> Vectors.normalize(new float[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mean_is_component_wise() {
    float[] mean = Vectors.mean(List.of(new float[] {1, 2, 3}, new float[] {3, 2, -3}, new float[] {2, 5, 0}));
    assertThat(mean).containsExactly(new float[] {2, 3, 0}, within(1e-6f));
  }

  @Test
  void mean_rejects_an_empty_list_and_different_lengths() {
    assertThatThrownBy(() -> Vectors.mean(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot average an empty list of vectors");
    assertThatThrownBy(() -> Vectors.mean(List.of(new float[] {1, 2}, new float[] {1, 2, 3})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vectors have different lengths: 2 and 3");
  }
}
