package io.stillwater.serving.recommend;

import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.state.ContextFeatures;
import io.stillwater.features.state.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each feature goes in a model's raw input row ({@code ModelScorer.Candidates}), resolved once per model
 * from its encoder's feature names: the user's columns (filled once per request), the content columns (copied
 * from each item's cached {@link ContentValueCache.Values#numbers}), and the context columns (the hour and day
 * once per request, the search similarity per candidate).
 */
final class ModelColumns {

  private final List<String> names;
  private final String[] userNames;
  private final int[] userColumns;
  /** Column of each {@link ContentValueCache#NUMERIC} value; -1 when the model does not read it. */
  private final int[] contentColumns;
  private final int hourColumn;
  private final int dayColumn;
  private final int searchSimColumn;

  private ModelColumns(List<String> names, String[] userNames, int[] userColumns, int[] contentColumns,
      int hourColumn, int dayColumn, int searchSimColumn) {
    this.names = names;
    this.userNames = userNames;
    this.userColumns = userColumns;
    this.contentColumns = contentColumns;
    this.hourColumn = hourColumn;
    this.dayColumn = dayColumn;
    this.searchSimColumn = searchSimColumn;
  }

  /**
   * @throws IllegalStateException for a context feature this class does not know how to compute per candidate
   */
  static ModelColumns of(List<String> featureNames) {
    List<String> userNames = new ArrayList<>();
    List<Integer> userColumns = new ArrayList<>();
    int[] content = new int[ContentValueCache.NUMERIC.size()];
    Arrays.fill(content, -1);
    int hour = -1;
    int day = -1;
    int sim = -1;
    for (int col = 0; col < featureNames.size(); col++) {
      String name = featureNames.get(col);
      switch (FeatureRegistry.get(name).entity()) {
        case USER -> {
          userNames.add(name);
          userColumns.add(col);
        }
        case CONTENT -> content[ContentValueCache.NUMERIC.indexOf(name)] = col;
        case CONTEXT -> {
          switch (name) {
            case ContextFeatures.HOUR_OF_DAY_UTC -> hour = col;
            case ContextFeatures.DAY_OF_WEEK_UTC -> day = col;
            case ContextFeatures.SEARCH_CONTENT_SIM -> sim = col;
            default -> throw new IllegalStateException("context feature " + name
                + " is not computed per candidate by the serving API (ModelColumns)");
          }
        }
      }
    }
    return new ModelColumns(featureNames, userNames.toArray(String[]::new),
        userColumns.stream().mapToInt(Integer::intValue).toArray(), content, hour, day, sim);
  }

  /** Whether these columns were resolved from exactly this list (the same model's encoder). */
  boolean resolvedFrom(List<String> featureNames) {
    return names == featureNames;
  }

  /** A row with the user's values in their columns (NaN = missing) and the request's hour and day. */
  double[] requestRow(FeatureVector user, double hourOfDay, double dayOfWeek) {
    double[] row = new double[names.size()];
    Arrays.fill(row, Double.NaN);
    for (int i = 0; i < userNames.length; i++) {
      Object v = user.values().get(userNames[i]);
      row[userColumns[i]] = v == null ? Double.NaN : ((Number) v).doubleValue();
    }
    set(row, hourColumn, hourOfDay);
    set(row, dayColumn, dayOfWeek);
    return row;
  }

  /** Writes one candidate's row into {@code out}: the request row, the item's values, its search similarity. */
  void candidateRow(double[] requestRow, ContentValueCache.Values item, double searchContentSim, double[] out) {
    System.arraycopy(requestRow, 0, out, 0, requestRow.length);
    double[] numbers = item.numbers();
    for (int i = 0; i < numbers.length; i++) {
      set(out, contentColumns[i], numbers[i]);
    }
    set(out, searchSimColumn, searchContentSim);
  }

  private static void set(double[] row, int column, double value) {
    if (column >= 0) {
      row[column] = value;
    }
  }
}
