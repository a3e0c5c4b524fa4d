package io.stillwater.serving.predictions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.features.state.FeatureVector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's feature values as one JSON object, for logs and the debugging route: numbers as numbers, missing
 * values (NaN) as null. Vectors (the 384-float search embedding) are left out: they would be most of every row
 * and analysts use the similarities derived from them instead.
 */
public final class FeaturesJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FeaturesJson() {}

  /** The values by name, in registry order; null for a null vector. */
  public static Map<String, Object> values(FeatureVector v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    v.values().forEach((name, value) -> {
      if (value instanceof float[]) {
        return;
      }
      out.put(name, value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN() ? null : value);
    });
    return out;
  }

  /** {@link #values} as JSON text; null for a null vector. */
  public static String of(FeatureVector v) {
    if (v == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(values(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("feature values not serializable", e);
    }
  }
}
