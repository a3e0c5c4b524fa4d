package io.stillwater.push;

import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import java.time.Instant;
import java.util.List;

/**
 * Scores with the serving API's {@link RecommendationService} over {@link LiveServing} (the live generation and its
 * model, hot-swapped on a flip): the same code path as {@code POST /v1/recommendations}, not a copy.
 */
public final class LiveScorer implements Scorer {

  private final RecommendationService service;
  private final LiveServing live;

  public LiveScorer(RecommendationService service, LiveServing live) {
    this.service = service;
    this.live = live;
  }

  @Override
  public boolean ready() {
    return live.current().isPresent();
  }

  @Override
  public Scored score(String userId, String flagName, int limit, Instant now) {
    Flag flag = Flag.fromWireName(flagName)
        .orElseThrow(() -> new IllegalArgumentException("unknown flag '" + flagName + "'"));
    RecommendationService.Response r = service.recommend(new RecommendationService.Request(userId, List.of(flag), limit, now));
    List<PushMessage.Item> items = r.lists().getOrDefault(flag, List.of()).stream()
        .map(i -> new PushMessage.Item(i.contentId(), i.title(), i.score()))
        .toList();
    return new Scored(items, r.generation(), r.slot(), r.modelId(), r.fallback(), r.fallbackReason());
  }
}
