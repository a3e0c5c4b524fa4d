package io.stillwater.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a trained model may be published as a candidate: it must beat the popularity baseline on the
 * held-out range by at least a margin (AUC and NDCG@10), and, when a live model is given, must not be worse than
 * it by more than a tolerance (AUC and NDCG@10).
 */
public final class PromotionGate {

  public record Thresholds(double minAucLift, double minNdcgLift, double liveAucTolerance, double liveNdcgTolerance) {
    public static Thresholds defaults() {
      return new Thresholds(0.02, 0.0, 0.01, 0.01);
    }
  }

  /**
   * One check: {@code margin} is how far the model is from failing it (negative = failed by that much).
   */
  public record Check(String name, boolean passed, double model, double reference, double required, double margin) {
    public String describe() {
      return String.format(java.util.Locale.ROOT, "%s: %s (model %.4f, needs >= %.4f, %s by %.4f)",
          name, passed ? "passed" : "FAILED", model, required, passed ? "clears it" : "misses it", Math.abs(margin));
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("passed", passed);
      m.put("model", model);
      m.put("reference", reference);
      m.put("required", required);
      m.put("margin", margin);
      return m;
    }
  }

  public record Decision(boolean promoted, List<Check> checks) {
    public List<Check> failed() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("promoted", promoted);
      m.put("checks", checks.stream().map(Check::toJson).toList());
      return m;
    }
  }

  private final Thresholds thresholds;

  public PromotionGate(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  public Decision decide(Map<String, Evaluation.ScorerMetrics> metrics) {
    Evaluation.ScorerMetrics model = metrics.get("model");
    Evaluation.ScorerMetrics popularity = metrics.get("popularity");
    List<Check> checks = new ArrayList<>();
    checks.add(atLeast("auc beats popularity", model.auc(), popularity.auc(), popularity.auc() + thresholds.minAucLift()));
    checks.add(atLeast("ndcg_at_10 beats popularity", model.ndcgAt10(), popularity.ndcgAt10(),
        popularity.ndcgAt10() + thresholds.minNdcgLift()));
    Evaluation.ScorerMetrics live = metrics.get("live");
    if (live != null) {
      checks.add(atLeast("auc not worse than live", model.auc(), live.auc(), live.auc() - thresholds.liveAucTolerance()));
      checks.add(atLeast("ndcg_at_10 not worse than live", model.ndcgAt10(), live.ndcgAt10(),
          live.ndcgAt10() - thresholds.liveNdcgTolerance()));
    }
    return new Decision(checks.stream().allMatch(Check::passed), List.copyOf(checks));
  }

  private static Check atLeast(String name, double value, double reference, double required) {
    boolean ok = !Double.isNaN(value) && value >= required;
    return new Check(name, ok, value, reference, required, Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value - required);
  }
}
