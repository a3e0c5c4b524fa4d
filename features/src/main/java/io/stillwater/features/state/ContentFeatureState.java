package io.stillwater.features.state;

/** Everything kept about one content item to compute its features at any as-of time. Plain data. */
public final class ContentFeatureState {

  final EntityFacts facts;

  public ContentFeatureState() {
    this(new EntityFacts());
  }

  ContentFeatureState(EntityFacts facts) {
    this.facts = facts;
  }

  public EntityFacts facts() {
    return facts;
  }
}
