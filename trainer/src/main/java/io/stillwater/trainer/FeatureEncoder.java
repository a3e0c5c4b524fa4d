package io.stillwater.trainer;

import io.stillwater.features.definition.FeatureDefinition;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.definition.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns raw feature values into the model's inputs, with statistics learned from the training split only.
 *
 * <ul>
 *   <li>Numeric input: every count and number feature in {@link #featureNames()} order. Counts are first
 *       {@code log1p}-transformed (they are heavy-tailed); then each is standardized with the training mean and
 *       standard deviation. A missing value becomes 0 after standardization (the mean).
 *   <li>Then one 0/1 missing-indicator column per feature the registry says may be missing
 *       ({@link #nullableFeatures()}), in the same order.
 *   <li>Categorical inputs: {@code category}, {@code narrator} and {@code content_id} as vocabulary ids
 *       (0 = unknown, e.g. an item added to the catalog after training), which the model embeds.
 * </ul>
 *
 * The search embedding (384 floats) is not an input: its six theme similarities and the query-content similarity
 * are. Immutable and thread-safe.
 */
public final class FeatureEncoder {

  /** What model.json records; enough to rebuild the encoder exactly. */
  public record Spec(
      List<String> features,
      List<String> logTransformed,
      List<Double> means,
      List<Double> stds,
      List<String> nullableFeatures,
      List<String> categoryVocabulary,
      List<String> narratorVocabulary,
      List<String> contentVocabulary,
      Integer inputVersion,
      List<String> interactions,
      List<Double> interactionMeans,
      List<Double> interactionStds) {}

  /**
   * Version of the model's input layout (numeric features, missing indicators, interactions, ids). A model card
   * without it (an older trainer: no interaction inputs) or with another one cannot be scored by this code.
   */
  public static final int INPUT_VERSION = 2;

  public static final String UNKNOWN = "<unknown>";

  private final Spec spec;
  private final boolean[] log;
  private final double[] mean;
  private final double[] std;
  private final int[] nullableIndex;
  private final double[] xMean;
  private final double[] xStd;
  private final Map<String, Integer> categories = new LinkedHashMap<>();
  private final Map<String, Integer> narrators = new LinkedHashMap<>();
  private final Map<String, Integer> contents = new LinkedHashMap<>();

  public FeatureEncoder(Spec spec) {
    if (!spec.features().equals(TrainingData.numericFeatureNames())) {
      throw new IllegalArgumentException("the model's features " + spec.features()
          + " are not this code's feature order " + TrainingData.numericFeatureNames());
    }
    if (spec.inputVersion() == null || spec.inputVersion() != INPUT_VERSION
        || !Interactions.NAMES.equals(spec.interactions())) {
      throw new IllegalArgumentException("feature-schema mismatch: the model's inputs are version "
          + (spec.inputVersion() == null ? "1 (no interaction inputs; an older trainer)" : spec.inputVersion())
          + " with interactions " + spec.interactions() + ", this code's are version " + INPUT_VERSION
          + " with interactions " + Interactions.NAMES + "; retrain the model with this trainer");
    }
    this.spec = spec;
    int n = spec.features().size();
    log = new boolean[n];
    mean = new double[n];
    std = new double[n];
    for (int i = 0; i < n; i++) {
      log[i] = spec.logTransformed().contains(spec.features().get(i));
      mean[i] = spec.means().get(i);
      std[i] = spec.stds().get(i);
    }
    nullableIndex = spec.nullableFeatures().stream().mapToInt(spec.features()::indexOf).toArray();
    int k = Interactions.NAMES.size();
    xMean = new double[k];
    xStd = new double[k];
    for (int i = 0; i < k; i++) {
      xMean[i] = spec.interactionMeans().get(i);
      xStd[i] = spec.interactionStds().get(i);
    }
    for (int i = 0; i < spec.categoryVocabulary().size(); i++) {
      categories.put(spec.categoryVocabulary().get(i), i);
    }
    for (int i = 0; i < spec.narratorVocabulary().size(); i++) {
      narrators.put(spec.narratorVocabulary().get(i), i);
    }
    for (int i = 0; i < spec.contentVocabulary().size(); i++) {
      contents.put(spec.contentVocabulary().get(i), i);
    }
  }

  /** Learns normalization statistics and vocabularies from the training examples. */
  public static FeatureEncoder fit(List<Example> training) {
    if (training.isEmpty()) {
      throw new IllegalArgumentException("cannot fit an encoder on no examples");
    }
    List<String> names = TrainingData.numericFeatureNames();
    int n = names.size();
    List<String> logged = new ArrayList<>();
    List<String> nullable = new ArrayList<>();
    for (String name : names) {
      FeatureDefinition d = FeatureRegistry.get(name);
      if (d.type() == ValueType.COUNT) {
        logged.add(name);
      }
      if (!"never".equals(d.missingWhen())) {
        nullable.add(name);
      }
    }
    double[] sum = new double[n];
    double[] sumSq = new double[n];
    long[] count = new long[n];
    int k = Interactions.NAMES.size();
    double[] xSum = new double[k];
    double[] xSumSq = new double[k];
    long[] xCount = new long[k];
    double[] x = new double[k];
    TreeSet<String> cats = new TreeSet<>();
    TreeSet<String> narr = new TreeSet<>();
    TreeSet<String> items = new TreeSet<>();
    for (Example e : training) {
      for (int i = 0; i < n; i++) {
        double v = e.features()[i];
        if (!Double.isNaN(v)) {
          if (logged.contains(names.get(i))) {
            v = Math.log1p(Math.max(0, v));
          }
          sum[i] += v;
          sumSq[i] += v * v;
          count[i]++;
        }
      }
      Interactions.compute(e.features(), e.category(), x);
      for (int i = 0; i < k; i++) {
        if (!Double.isNaN(x[i])) {
          xSum[i] += x[i];
          xSumSq[i] += x[i] * x[i];
          xCount[i]++;
        }
      }
      cats.add(e.category());
      narr.add(e.narrator());
      items.add(e.contentId());
    }
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double m = count[i] == 0 ? 0 : sum[i] / count[i];
      double var = count[i] == 0 ? 0 : Math.max(0, sumSq[i] / count[i] - m * m);
      double s = Math.sqrt(var);
      means.add(m);
      stds.add(s < 1e-9 ? 1.0 : s);
    }
    List<Double> xMeans = new ArrayList<>();
    List<Double> xStds = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      double m = xCount[i] == 0 ? 0 : xSum[i] / xCount[i];
      double var = xCount[i] == 0 ? 0 : Math.max(0, xSumSq[i] / xCount[i] - m * m);
      double s = Math.sqrt(var);
      xMeans.add(m);
      xStds.add(s < 1e-9 ? 1.0 : s);
    }
    List<String> catVocab = new ArrayList<>(List.of(UNKNOWN));
    catVocab.addAll(cats);
    List<String> narrVocab = new ArrayList<>(List.of(UNKNOWN));
    narrVocab.addAll(narr);
    List<String> contentVocab = new ArrayList<>(List.of(UNKNOWN));
    contentVocab.addAll(items);
    return new FeatureEncoder(new Spec(names, logged, means, stds, nullable, catVocab, narrVocab, contentVocab,
        INPUT_VERSION, Interactions.NAMES, xMeans, xStds));
  }

  public Spec spec() {
    return spec;
  }

  public List<String> featureNames() {
    return spec.features();
  }

  public List<String> nullableFeatures() {
    return spec.nullableFeatures();
  }

  public List<String> interactionNames() {
    return spec.interactions();
  }

  /** Width of the numeric input: features, missing indicators, then interactions. */
  public int numericWidth() {
    return mean.length + nullableIndex.length + xMean.length;
  }

  /** The numeric input's column names, in order (what model.json's model_inputs lists). */
  public List<String> numericColumns() {
    List<String> out = new ArrayList<>(spec.features());
    spec.nullableFeatures().forEach(n -> out.add("missing:" + n));
    spec.interactions().forEach(n -> out.add("interaction:" + n));
    return out;
  }

  public int categoryVocabularySize() {
    return spec.categoryVocabulary().size();
  }

  public int narratorVocabularySize() {
    return spec.narratorVocabulary().size();
  }

  public int contentVocabularySize() {
    return spec.contentVocabulary().size();
  }

  /**
   * The numeric input of one row: raw values in {@link #featureNames()} order (NaN = missing) and the item's
   * category (for the interactions).
   */
  public void encodeNumeric(double[] raw, String category, float[] out, int offset) {
    encodeNumeric(raw, category, out, offset, null, 0, interactionScratch());
  }

  /** A buffer for {@link #encodeNumeric(double[], String, float[], int, double[], int, double[])}'s interactions. */
  double[] interactionScratch() {
    return new double[xMean.length];
  }

  /**
   * As {@link #encodeNumeric(double[], String, float[], int)}, taking a feature's encoded value from the row
   * already encoded at {@code previousOffset} when its raw value is the same as there ({@code previousRaw}; null:
   * none). Each feature's encoding depends on its raw value alone, so the floats are the same; a batch of one
   * user's candidates skips the log and the division for every user and context column. {@code x} (from
   * {@link #interactionScratch()}) is overwritten with the row's interactions, so a batch needs one, not one per row.
   */
  void encodeNumeric(double[] raw, String category, float[] out, int offset, double[] previousRaw, int previousOffset,
      double[] x) {
    int n = mean.length;
    for (int i = 0; i < n; i++) {
      double v = raw[i];
      if (previousRaw != null && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(previousRaw[i])) {
        out[offset + i] = out[previousOffset + i];
      } else if (Double.isNaN(v)) {
        out[offset + i] = 0f;
      } else {
        if (log[i]) {
          v = Math.log1p(Math.max(0, v));
        }
        out[offset + i] = (float) ((v - mean[i]) / std[i]);
      }
    }
    for (int j = 0; j < nullableIndex.length; j++) {
      out[offset + n + j] = Double.isNaN(raw[nullableIndex[j]]) ? 1f : 0f;
    }
    Interactions.compute(raw, category, x);
    int base = offset + n + nullableIndex.length;
    for (int i = 0; i < x.length; i++) {
      out[base + i] = Double.isNaN(x[i]) ? 0f : (float) ((x[i] - xMean[i]) / xStd[i]);
    }
  }

  public int categoryId(String category) {
    return categories.getOrDefault(category, 0);
  }

  public int narratorId(String narrator) {
    return narrators.getOrDefault(narrator, 0);
  }

  /** The item's id in the content vocabulary (items seen in training); 0 for an item the model never saw. */
  public int contentId(String contentId) {
    return contents.getOrDefault(contentId, 0);
  }

  /** A batch of examples as model input. */
  public Batch encode(List<Example> rows) {
    int w = numericWidth();
    float[] numeric = new float[rows.size() * w];
    int[] cat = new int[rows.size()];
    int[] nar = new int[rows.size()];
    int[] item = new int[rows.size()];
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Example e = rows.get(r);
      encodeNumeric(e.features(), e.category(), numeric, r * w);
      cat[r] = categoryId(e.category());
      nar[r] = narratorId(e.narrator());
      item[r] = contentId(e.contentId());
      labels[r] = e.completed() ? 1f : 0f;
    }
    return new Batch(rows.size(), w, numeric, cat, nar, item, labels);
  }

  /** Encoded rows: {@code numeric} is row-major [rows, width]. */
  public record Batch(int rows, int width, float[] numeric, int[] category, int[] narrator, int[] content, float[] labels) {

    /** The rows at the given indices, in that order. */
    public Batch select(int[] indices, int from, int to) {
      int n = to - from;
      float[] num = new float[n * width];
      int[] c = new int[n];
      int[] na = new int[n];
      int[] it = new int[n];
      float[] l = new float[n];
      for (int k = 0; k < n; k++) {
        int r = indices[from + k];
        System.arraycopy(numeric, r * width, num, k * width, width);
        c[k] = category[r];
        na[k] = narrator[r];
        it[k] = content[r];
        l[k] = labels[r];
      }
      return new Batch(n, width, num, c, na, it, l);
    }
  }
}
