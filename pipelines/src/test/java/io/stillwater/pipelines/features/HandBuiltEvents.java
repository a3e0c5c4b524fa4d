package io.stillwater.pipelines.features;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.event.Biometric;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.Search;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small, readable event histories for feature transform tests. */
final class HandBuiltEvents {
  static final Catalog CATALOG = CatalogLoader.loadDefault();
  static final String SLEEP = CATALOG.inCategory(Category.SLEEP).get(0).contentId();
  static final String SLEEP_2 = CATALOG.inCategory(Category.SLEEP).get(1).contentId();
  static final String FOCUS = CATALOG.inCategory(Category.FOCUS).get(0).contentId();
  static final Instant T0 = Instant.parse("2026-10-20T22:00:00Z");

  private final String userId;
  private final List<Event> events = new ArrayList<>();
  private int seq;

  HandBuiltEvents(String userId) {
    this.userId = userId;
  }

  List<Event> events() {
    return events;
  }

  private String id() {
    return userId + "-e" + String.format("%04d", seq++);
  }

  HandBuiltEvents start(Instant ts, String contentId, String session) {
    events.add(new ContentStart(id(), userId, ts, contentId, session));
    return this;
  }

  HandBuiltEvents end(Instant ts, String contentId, String session, double positionS, boolean completed) {
    events.add(new ContentEnd(id(), userId, ts, contentId, session, positionS, completed));
    return this;
  }

  /** A whole session: start, then end after {@code positionS} seconds. */
  HandBuiltEvents session(Instant start, String contentId, String session, double positionS, boolean completed) {
    return start(start, contentId, session).end(start.plusSeconds((long) positionS), contentId, session, positionS, completed);
  }

  HandBuiltEvents steps(Instant ts, int steps) {
    events.add(new Biometric(id(), userId, ts, steps, null, "phone"));
    return this;
  }

  HandBuiltEvents heartRate(Instant ts, double bpm) {
    events.add(new Biometric(id(), userId, ts, null, bpm, "watch"));
    return this;
  }

  HandBuiltEvents search(Instant ts, String query) {
    events.add(new Search(id(), userId, ts, query));
    return this;
  }

  static Instant before(Duration d) {
    return T0.minus(d);
  }
}
