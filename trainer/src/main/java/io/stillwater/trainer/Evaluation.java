package io.stillwater.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores the held-out range with each scorer: AUC and log loss of the completion probability over every held-out
 * session, and NDCG@10 and recall@10 over the {@link RankingCandidates} queries (one relevant item per query:
 * NDCG@10 = 1/log2(1 + rank) when rank ≤ 10, recall@10 = 1 when rank ≤ 10; a tie counts half the tied items
 * as ranked above).
 *
 * <p>Every scorer ranks candidates by expected completions, {@link #rankingScore}: its completion probability
 * (given the item is played) times {@code 1 + content_popularity_30d} (how often the item is played). The same
 * formula for every scorer, so the popularity baseline ranks exactly by popularity and the difference between
 * scorers is only their completion probability.
 */
public final class Evaluation {
  private Evaluation() {}

  public record ScorerMetrics(double auc, double logLoss, double ndcgAt10, double recallAt10) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("auc", auc);
      m.put("log_loss", logLoss);
      m.put("ndcg_at_10", ndcgAt10);
      m.put("recall_at_10", recallAt10);
      return m;
    }
  }

  public record Result(Map<String, ScorerMetrics> metrics, int examples, int positives, int queries, double meanCandidates) {}

  public static Result evaluate(Map<String, Function<List<Example>, float[]>> scorers, List<Example> heldOut,
      List<RankingCandidates.Query> queries) {
    boolean[] labels = Trainer.labels(heldOut);
    List<Example> allCandidates = new ArrayList<>();
    queries.forEach(q -> allCandidates.addAll(q.candidates()));
    Map<String, ScorerMetrics> out = new LinkedHashMap<>();
    for (Map.Entry<String, Function<List<Example>, float[]>> s : scorers.entrySet()) {
      float[] p = s.getValue().apply(heldOut);
      float[] c = queries.isEmpty() ? new float[0] : rankingScore(s.getValue().apply(allCandidates), allCandidates);
      double ndcg = 0;
      double recall = 0;
      int offset = 0;
      for (RankingCandidates.Query q : queries) {
        double rank = rank(c, offset, q.candidates().size(), q.relevant());
        if (rank <= 10) {
          ndcg += 1 / (Math.log(1 + rank) / Math.log(2));
          recall += 1;
        }
        offset += q.candidates().size();
      }
      int nq = Math.max(1, queries.size());
      out.put(s.getKey(), new ScorerMetrics(Metrics.auc(p, labels), Metrics.logLoss(p, labels), ndcg / nq, recall / nq));
    }
    int positives = 0;
    for (boolean l : labels) {
      positives += l ? 1 : 0;
    }
    double meanCandidates = queries.isEmpty() ? 0 : (double) allCandidates.size() / queries.size();
    return new Result(out, heldOut.size(), positives, queries.size(), meanCandidates);
  }

  /** Expected completions: completion probability times {@code 1 + content_popularity_30d} (missing = 0). */
  public static float[] rankingScore(float[] completionProbability, List<Example> rows) {
    int idx = TrainingData.featureIndex(PopularityBaseline.FEATURE);
    float[] out = new float[rows.size()];
    for (int i = 0; i < out.length; i++) {
      double pop = rows.get(i).features()[idx];
      out[i] = (float) (completionProbability[i] * (1 + (Double.isNaN(pop) ? 0 : Math.max(0, pop))));
    }
    return out;
  }

  /** 1-based rank of the relevant candidate; ties add half the other tied candidates. */
  static double rank(float[] scores, int offset, int n, int relevant) {
    float r = scores[offset + relevant];
    int greater = 0;
    int ties = 0;
    for (int i = 0; i < n; i++) {
      if (i == relevant) {
        continue;
      }
      if (scores[offset + i] > r) {
        greater++;
      } else if (scores[offset + i] == r) {
        ties++;
      }
    }
    return 1 + greater + ties / 2.0;
  }
}
