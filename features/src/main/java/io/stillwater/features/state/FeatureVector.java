package io.stillwater.features.state;

import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One entity's feature values at an as-of time, in registry order. A missing value is present as a key
 * with a null value: explicit, never a silent zero. Counts are {@code Long}, numbers {@code Double},
 * vectors {@code float[]}.
 */
public record FeatureVector(Entity entity, String entityId, Instant asOf, Map<String, Object> values)
    implements Serializable {

  public FeatureVector {
    // A LinkedHashMap keeps registry order and, unlike an unmodifiable view, serializes plainly for Beam.
    values = new LinkedHashMap<>(values);
  }

  @Override
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Orders computed values as the registry lists them; fails if one is missing or not registered. */
  public static FeatureVector inRegistryOrder(Entity entity, String entityId, Instant asOf, Map<String, Object> values) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (FeatureDefinition d : FeatureRegistry.forEntity(entity)) {
      if (!values.containsKey(d.name())) {
        throw new IllegalStateException("feature " + d.name() + " was not computed");
      }
      ordered.put(d.name(), values.get(d.name()));
    }
    if (ordered.size() != values.size()) {
      throw new IllegalStateException("computed features not in the registry: " + values.keySet());
    }
    return new FeatureVector(entity, entityId, asOf, ordered);
  }

  /** Equal when entity, id, time and every value are; embeddings compare by content, not identity. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FeatureVector other)) {
      return false;
    }
    if (entity != other.entity || !entityId.equals(other.entityId) || !asOf.equals(other.asOf)
        || !values.keySet().equals(other.values.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object mine = e.getValue();
      Object theirs = other.values.get(e.getKey());
      boolean same = mine instanceof float[] a && theirs instanceof float[] b ? Arrays.equals(a, b) : Objects.equals(mine, theirs);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(entity, entityId, asOf);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      h = 31 * h + e.getKey().hashCode() + (v instanceof float[] a ? Arrays.hashCode(a) : Objects.hashCode(v));
    }
    return h;
  }

  public boolean isMissing(String name) {
    requireKnown(name);
    return values.get(name) == null;
  }

  /** A count or number as a double; empty when missing. */
  public OptionalDouble number(String name) {
    requireKnown(name);
    Object v = values.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) v).doubleValue());
  }

  public float[] vector(String name) {
    requireKnown(name);
    return (float[]) values.get(name);
  }

  private void requireKnown(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("no feature " + name + " for " + entity.wireName());
    }
  }
}
