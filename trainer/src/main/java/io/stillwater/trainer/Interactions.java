package io.stillwater.trainer;

import io.stillwater.contract.catalog.Category;
import java.util.List;

/**
 * User–item interaction inputs, computed from a row's raw features and the item's category alone (so the trainer,
 * the evaluation's candidates and the serving API's {@link ModelScorer.Candidates} give the same values): the user's
 * history with THIS item's category, how close their latest search is to it and how recent that search was, sleep
 * bounces for a sleep item, and the hour as a point on a circle. NaN = missing (0 after standardization).
 */
final class Interactions {
  private Interactions() {}

  /** Seconds over which a search's pull on what the user plays next fades (e^-1 after 30 minutes). */
  static final double SEARCH_FADE_S = 1800;
  /** Seconds over which a sleep bounce's weight fades (e^-1 after 1 hour). */
  static final double BOUNCE_FADE_S = 3600;

  static final List<String> NAMES = List.of(
      "item_category_sessions_7d",          // log1p(sessions_7d_<item category>)
      "item_category_minutes_7d",           // log1p(minutes_7d_<item category>)
      "item_category_session_share_7d",     // sessions_7d_<c> / all sessions_7d (missing without sessions)
      "item_category_minutes_share_7d",     // minutes_7d_<c> / all minutes_7d (missing without minutes)
      "item_category_search_sim",           // search_sim_<c> (missing without a search)
      "item_category_search_sim_vs_best",   // search_sim_<c> - max over categories of search_sim_*
      "search_recency",                     // exp(-secs_since_search / 1800), 0 without a search
      "search_content_sim_recent",          // search_content_sim * search_recency, 0 without a search
      "item_category_search_sim_recent",    // item_category_search_sim_vs_best * search_recency, 0 without a search
      "item_is_sleep",                      // 1 for a sleep item, else 0
      "sleep_bounce_rate_7d_if_sleep",      // sleep_bounce_rate_7d for a sleep item, else 0
      "sleep_bounces_24h_if_sleep",         // log1p(sleep_bounces_24h) for a sleep item, else 0
      "sleep_bounce_recency_if_sleep",      // exp(-secs_since_sleep_bounce / 3600) for a sleep item, else 0
      "hour_sin",                           // sin(2 pi hour_of_day_utc / 24)
      "hour_cos");                          // cos(2 pi hour_of_day_utc / 24)

  private static final Category[] CATEGORIES = Category.values();
  private static final String[] WIRE_NAMES = java.util.Arrays.stream(CATEGORIES).map(Category::wireName)
      .toArray(String[]::new);
  private static final int[] SESSIONS = indices("sessions_7d_");
  private static final int[] MINUTES = indices("minutes_7d_");
  private static final int[] SEARCH_SIM = indices("search_sim_");
  private static final int SECS_SINCE_SEARCH = TrainingData.featureIndex("secs_since_search");
  private static final int SEARCH_CONTENT_SIM = TrainingData.featureIndex("search_content_sim");
  private static final int SLEEP_BOUNCE_RATE = TrainingData.featureIndex("sleep_bounce_rate_7d");
  private static final int SLEEP_BOUNCES_24H = TrainingData.featureIndex("sleep_bounces_24h");
  private static final int SECS_SINCE_BOUNCE = TrainingData.featureIndex("secs_since_sleep_bounce");
  private static final int HOUR = TrainingData.featureIndex("hour_of_day_utc");

  private static int[] indices(String prefix) {
    int[] out = new int[CATEGORIES.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = TrainingData.featureIndex(prefix + CATEGORIES[i].wireName());
    }
    return out;
  }

  private static int categoryIndex(String category) {
    for (int i = 0; i < CATEGORIES.length; i++) {
      if (WIRE_NAMES[i].equals(category)) {
        return i;
      }
    }
    return -1;
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, v);
  }

  /** Fills {@code out} (length {@code NAMES.size()}) for raw features in registry order and the item's category. */
  static void compute(double[] raw, String category, double[] out) {
    int c = categoryIndex(category);
    double sessionsAll = 0;
    double minutesAll = 0;
    double bestSim = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < CATEGORIES.length; i++) {
      sessionsAll += nz(raw[SESSIONS[i]]);
      minutesAll += nz(raw[MINUTES[i]]);
      if (!Double.isNaN(raw[SEARCH_SIM[i]])) {
        bestSim = Math.max(bestSim, raw[SEARCH_SIM[i]]);
      }
    }
    double secsSinceSearch = raw[SECS_SINCE_SEARCH];
    double recency = Double.isNaN(secsSinceSearch) ? 0 : Math.exp(-Math.max(0, secsSinceSearch) / SEARCH_FADE_S);
    double contentSim = raw[SEARCH_CONTENT_SIM];
    double sessions = c < 0 ? Double.NaN : nz(raw[SESSIONS[c]]);
    double minutes = c < 0 ? Double.NaN : nz(raw[MINUTES[c]]);
    double sim = c < 0 ? Double.NaN : raw[SEARCH_SIM[c]];
    double simVsBest = Double.isNaN(sim) || bestSim == Double.NEGATIVE_INFINITY ? Double.NaN : sim - bestSim;
    boolean sleep = c >= 0 && CATEGORIES[c] == Category.SLEEP;
    double hour = raw[HOUR];
    out[0] = Double.isNaN(sessions) ? Double.NaN : Math.log1p(sessions);
    out[1] = Double.isNaN(minutes) ? Double.NaN : Math.log1p(minutes);
    out[2] = Double.isNaN(sessions) || sessionsAll <= 0 ? Double.NaN : sessions / sessionsAll;
    out[3] = Double.isNaN(minutes) || minutesAll <= 0 ? Double.NaN : minutes / minutesAll;
    out[4] = sim;
    out[5] = simVsBest;
    out[6] = recency;
    out[7] = Double.isNaN(contentSim) ? 0 : contentSim * recency;
    out[8] = Double.isNaN(simVsBest) ? 0 : simVsBest * recency;
    out[9] = sleep ? 1 : 0;
    out[10] = sleep ? nz(raw[SLEEP_BOUNCE_RATE]) : 0;
    out[11] = sleep ? Math.log1p(nz(raw[SLEEP_BOUNCES_24H])) : 0;
    out[12] = sleep && !Double.isNaN(raw[SECS_SINCE_BOUNCE]) ? Math.exp(-Math.max(0, raw[SECS_SINCE_BOUNCE]) / BOUNCE_FADE_S) : 0;
    out[13] = Double.isNaN(hour) ? Double.NaN : Math.sin(2 * Math.PI * hour / 24);
    out[14] = Double.isNaN(hour) ? Double.NaN : Math.cos(2 * Math.PI * hour / 24);
  }
}
