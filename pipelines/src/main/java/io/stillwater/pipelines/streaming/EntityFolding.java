package io.stillwater.pipelines.streaming;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.event.Event;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.features.state.UserFeatureState.LatestSearch;

/**
 * How one event changes one entity's encoded state, for users and content items: decode, fold the event in with
 * the features module's own {@link UserFeatures#update} / {@link ContentFeatures#update} (the code batch runs),
 * encode. Also the newest event time the state holds, which versions its row in the store.
 */
interface EntityFolding {

  Entity entity();

  /**
   * The state after folding {@code event} into {@code state} (null: an empty state), and the event time of the
   * newest event it holds (Long.MIN_VALUE for none).
   */
  Folded fold(byte[] state, Event event);

  /** @param user the decoded user state after the fold (null for content items), for the trigger rules */
  record Folded(byte[] state, long newestEventMs, UserFeatureState user) {}

  static EntityFolding users(Catalog catalog) {
    // update() never embeds (searches are kept as text; embeddings are computed when values are read), so the
    // fold needs no sentence-embedding model: loading one would cost the pipeline ~15 s at start for nothing.
    UserFeatures features = new UserFeatures(catalog, (SearchFeatures) null);
    return new EntityFolding() {
      @Override
      public Entity entity() {
        return Entity.USER;
      }

      @Override
      public Folded fold(byte[] state, Event event) {
        UserFeatureState s = state == null ? new UserFeatureState() : StateCodec.decodeUser(state);
        features.update(s, event);
        return new Folded(StateCodec.encode(s), newest(s), s);
      }

      private long newest(UserFeatureState s) {
        long newest = s.facts().newest();
        // searches live beside the facts: a search-only change must still version the row forward
        for (LatestSearch search : s.searches()) {
          newest = Math.max(newest, search.tsMs());
        }
        return newest;
      }
    };
  }

  static EntityFolding contents() {
    ContentFeatures features = new ContentFeatures();
    return new EntityFolding() {
      @Override
      public Entity entity() {
        return Entity.CONTENT;
      }

      @Override
      public Folded fold(byte[] state, Event event) {
        ContentFeatureState s = state == null ? new ContentFeatureState() : StateCodec.decodeContent(state);
        features.update(s, event);
        return new Folded(StateCodec.encode(s), s.facts().newest(), null);
      }
    };
  }
}
