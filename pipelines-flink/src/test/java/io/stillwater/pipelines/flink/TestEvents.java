package io.stillwater.pipelines.flink;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Event;
import io.stillwater.contract.event.EventJson;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.FeatureVector;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built event lines (sessions and biometrics for a few users) and the values the batch arithmetic gives for
 * them: each entity's events folded in event-time order, as {@code ComputeUserFeatures} does, without Beam.
 */
final class TestEvents {

  static final Catalog CATALOG = CatalogLoader.loadDefault();
  static final Instant T0 = Instant.parse("2026-11-19T06:00:00Z");
  static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  private TestEvents() {}

  /** {@code n} events starting at index {@code from}, for 7 users, over a few hours from T0. */
  static List<String> lines(int from, int n) {
    List<ContentItem> items = CATALOG.items();
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String user = "u_" + (i % 7);
      Instant ts = T0.plusSeconds(37L * i);
      ContentItem item = items.get(i % items.size());
      switch (i % 3) {
        case 0 -> out.add(String.format("{\"event_id\":\"e%d\",\"user_id\":\"%s\",\"type\":\"biometric\",\"ts\":\"%s\","
            + "\"steps\":%d,\"heart_rate_bpm\":%.1f,\"source\":\"watch\"}", i, user, ts, 10 + i % 50, 60.0 + i % 25));
        case 1 -> out.add(String.format("{\"event_id\":\"e%d\",\"user_id\":\"%s\",\"type\":\"content_start\",\"ts\":\"%s\","
            + "\"content_id\":\"%s\",\"session_id\":\"s%d\"}", i, user, ts, item.contentId(), i));
        default -> out.add(String.format("{\"event_id\":\"e%d\",\"user_id\":\"%s\",\"type\":\"content_end\",\"ts\":\"%s\","
            + "\"content_id\":\"%s\",\"session_id\":\"s%d\",\"position_s\":%d,\"completed\":%b}",
            i, user, ts, items.get((i - 1) % items.size()).contentId(), i - 1, 20 + i % 400, i % 4 == 0));
      }
    }
    return out;
  }

  /** Values at {@link #AS_OF} of every entity, batch-style: unique valid events folded in event-time order. */
  static Map<String, FeatureVector> expected(List<String> lines) {
    Map<String, Event> unique = new LinkedHashMap<>();
    for (String line : lines) {
      try {
        Event e = EventJson.read(line);
        unique.putIfAbsent(e.eventId(), e);
      } catch (RuntimeException invalid) {
        // dead-lettered by the pipeline
      }
    }
    List<Event> events = new ArrayList<>(unique.values());
    events.sort(Comparator.comparing(Event::ts).thenComparing(Event::eventId));
    UserFeatures userFeatures = new UserFeatures(CATALOG, SearchFeatures.withSharedModel(CATALOG));
    ContentFeatures contentFeatures = new ContentFeatures();
    Map<String, UserFeatureState> users = new HashMap<>();
    Map<String, ContentFeatureState> contents = new HashMap<>();
    for (Event e : events) {
      userFeatures.update(users.computeIfAbsent(e.userId(), k -> new UserFeatureState()), e);
      String content = e instanceof ContentStart s ? s.contentId() : e instanceof ContentEnd c ? c.contentId() : null;
      if (content != null) {
        contentFeatures.update(contents.computeIfAbsent(content, k -> new ContentFeatureState()), e);
      }
    }
    Map<String, FeatureVector> out = new HashMap<>();
    users.forEach((id, s) -> out.put("user:" + id, userFeatures.valuesAt(id, s, AS_OF)));
    contents.forEach((id, s) -> out.put("content:" + id, contentFeatures.valuesAt(id, s, AS_OF)));
    return out;
  }
}
