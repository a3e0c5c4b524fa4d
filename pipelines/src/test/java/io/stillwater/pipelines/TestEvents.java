package io.stillwater.pipelines;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import java.util.List;

/** Hand-built input lines for transform tests, with content ids from the shipped catalog. */
public final class TestEvents {

  public static final Catalog CATALOG = CatalogLoader.loadDefault();
  public static final String SLEEP = CATALOG.inCategory(Category.SLEEP).get(0).contentId();
  public static final String FOCUS = CATALOG.inCategory(Category.FOCUS).get(0).contentId();

  private TestEvents() {}

  public static String start(String id, String user, String ts, String content, String session) {
    return String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"content_start\",\"ts\":\"%s\",\"content_id\":\"%s\",\"session_id\":\"%s\"}",
        id, user, ts, content, session);
  }

  public static String progress(String id, String user, String ts, String content, String session, double position) {
    return String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"content_progress\",\"ts\":\"%s\",\"content_id\":\"%s\",\"session_id\":\"%s\",\"position_s\":%s}",
        id, user, ts, content, session, position);
  }

  public static String end(String id, String user, String ts, String content, String session, double position, boolean completed) {
    return String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"content_end\",\"ts\":\"%s\",\"content_id\":\"%s\",\"session_id\":\"%s\",\"position_s\":%s,\"completed\":%s}",
        id, user, ts, content, session, position, completed);
  }

  public static String search(String id, String user, String ts, String query) {
    return String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"search\",\"ts\":\"%s\",\"query\":\"%s\"}", id, user, ts, query);
  }

  public static String biometric(String id, String user, String ts, Integer steps, Double heartRate, String source) {
    StringBuilder b = new StringBuilder(String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"biometric\",\"ts\":\"%s\"", id, user, ts));
    if (steps != null) {
      b.append(",\"steps\":").append(steps);
    }
    if (heartRate != null) {
      b.append(",\"heart_rate_bpm\":").append(heartRate);
    }
    return b.append(",\"source\":\"").append(source).append("\"}").toString();
  }

  public static String impression(String id, String user, String ts, String request, String slot, List<String> contentIds) {
    String ids = String.join(",", contentIds.stream().map(c -> "\"" + c + "\"").toList());
    return String.format(
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"recommendation_impression\",\"ts\":\"%s\",\"request_id\":\"%s\",\"slot\":\"%s\",\"content_ids\":[%s]}",
        id, user, ts, request, slot, ids);
  }
}
