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
      List<String> contentVocabulary) {}

  public static final String UNKNOWN = "<unknown>";

  private final Spec spec;
  private final boolean[] log;
  private final double[] mean;
  private final double[] std;
  private final int[] nullableIndex;
  private final Map<String, Integer> categories = new LinkedHashMap<>();
  private final Map<String, Integer> narrators = new LinkedHashMap<>();
  private final Map<String, Integer> contents = new LinkedHashMap<>();

  public FeatureEncoder(Spec spec) {
    if (!spec.features().equals(TrainingData.numericFeatureNames())) {
      throw new IllegalArgumentException("the model's features " + spec.features()
          + " are not this code's feature order " + TrainingData.numericFeatureNames());
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
    List<String> catVocab = new ArrayList<>(List.of(UNKNOWN));
    catVocab.addAll(cats);
    List<String> narrVocab = new ArrayList<>(List.of(UNKNOWN));
    narrVocab.addAll(narr);
    List<String> contentVocab = new ArrayList<>(List.of(UNKNOWN));
    contentVocab.addAll(items);
    return new FeatureEncoder(new Spec(names, logged, means, stds, nullable, catVocab, narrVocab, contentVocab));
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

  /** Width of the numeric input: features plus missing indicators. */
  public int numericWidth() {
    return mean.length + nullableIndex.length;
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

  /** The numeric input of one row: raw values in {@link #featureNames()} order, NaN = missing. */
  public void encodeNumeric(double[] raw, float[] out, int offset) {
    int n = mean.length;
    for (int i = 0; i < n; i++) {
      double v = raw[i];
      if (Double.isNaN(v)) {
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
      encodeNumeric(e.features(), numeric, r * w);
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
