package io.stillwater.contract.event;

import java.time.Instant;
import java.util.List;

/**
 * The app showed a recommendation list.
 *
 * @param requestId the {@code request_id} of the recommendation response that produced the list
 * @param slot which list on screen it was, named like the API's flags (e.g. {@code sleep})
 * @param contentIds the items shown, in display order
 */
public record RecommendationImpression(
    String eventId, String userId, Instant ts, String requestId, String slot, List<String> contentIds)
    implements Event {

  public RecommendationImpression {
    contentIds = List.copyOf(contentIds);
  }

  @Override
  public String type() {
    return EventType.RECOMMENDATION_IMPRESSION.wireName();
  }
}
