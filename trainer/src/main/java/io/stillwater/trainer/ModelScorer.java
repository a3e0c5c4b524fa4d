package io.stillwater.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The scoring library for the serving API: loads a registered model once (its SavedModel and the encoder from
 * its model.json) and scores a batch of candidates in one TensorFlow call. Safe to use from many threads (the
 * encoder is immutable and a TensorFlow session may run concurrently). Close it to free the native session.
 */
public final class ModelScorer implements AutoCloseable {

  /**
   * Candidates as the model reads them, assembled by column rather than by name: {@code raw} holds {@code count}
   * rows of {@link FeatureEncoder#featureNames()} values in that order (row-major, NaN = missing), and each row's
   * item id, category and narrator (wire names). Callers resolve feature names to columns once
   * ({@code encoder().featureNames().indexOf(name)}) and fill what is shared by many rows (the user's values, an
   * item's) once, not per row.
   */
  public record Candidates(int count, double[] raw, String[] contentId, String[] category, String[] narrator) {
    public Candidates {
      if (contentId.length != count || category.length != count || narrator.length != count) {
        throw new IllegalArgumentException("ids for " + contentId.length + "/" + category.length + "/"
            + narrator.length + " rows, expected " + count);
      }
    }

    /** Training-table rows as candidates (their features are already in column order). */
    static Candidates of(List<Example> rows) {
      int n = TrainingData.numericFeatureNames().size();
      double[] raw = new double[rows.size() * n];
      String[] ids = new String[rows.size()];
      String[] categories = new String[rows.size()];
      String[] narrators = new String[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        Example e = rows.get(r);
        System.arraycopy(e.features(), 0, raw, r * n, n);
        ids[r] = e.contentId();
        categories[r] = e.category();
        narrators[r] = e.narrator();
      }
      return new Candidates(rows.size(), raw, ids, categories, narrators);
    }
  }

  private final String modelId;
  private final FeatureEncoder encoder;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final ModelCard card;

  private ModelScorer(String modelId, ModelCard card, FeatureEncoder encoder, SavedModelBundle bundle) {
    this.modelId = modelId;
    this.card = card;
    this.encoder = encoder;
    this.bundle = bundle;
    this.function = bundle.function(Signature.DEFAULT_KEY);
  }

  /**
   * Loads {@code <modelDir>/model.json} and {@code <modelDir>/saved_model/}.
   *
   * @throws IllegalArgumentException "feature-schema mismatch: …" for a model whose inputs are not this code's
   *     (e.g. one from a trainer before the interaction inputs): it would mis-score, so it is not loaded
   */
  public static ModelScorer load(Path modelDir) {
    Path json = modelDir.resolve(ModelRegistry.MODEL_JSON);
    Path saved = modelDir.resolve(ModelRegistry.SAVED_MODEL);
    if (!Files.isRegularFile(json) || !Files.isDirectory(saved)) {
      throw new IllegalArgumentException("not a registered model (no model.json and saved_model/): " + modelDir);
    }
    ModelCard card;
    try {
      card = new ObjectMapper().readValue(json.toFile(), ModelCard.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json, e);
    }
    if (card.encoder() == null) {
      throw new IllegalArgumentException("feature-schema mismatch: " + json + " has no encoder");
    }
    FeatureEncoder encoder;
    try {
      encoder = new FeatureEncoder(card.encoder());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + card.modelId() + " (" + modelDir + "): " + e.getMessage(), e);
    }
    SavedModelBundle bundle = SavedModelBundle.loader(saved.toString()).withTags(RankingModel.SERVE_TAG)
        .withConfigProto(RankingModel.inCallerThread()).load();
    return new ModelScorer(card.modelId(), card, encoder, bundle);
  }

  public String modelId() {
    return modelId;
  }

  public ModelCard card() {
    return card;
  }

  public FeatureEncoder encoder() {
    return encoder;
  }

  /** Completion probabilities, one per candidate, in order. */
  public float[] score(Candidates candidates) {
    int n = encoder.featureNames().size();
    int rows = candidates.count();
    if (candidates.raw().length != rows * n) {
      throw new IllegalArgumentException("raw has " + candidates.raw().length + " values, expected " + rows + " rows of "
          + n);
    }
    int w = encoder.numericWidth();
    float[] numeric = new float[rows * w];
    int[] cat = new int[rows];
    int[] nar = new int[rows];
    int[] item = new int[rows];
    double[] raw = new double[n];
    double[] previous = new double[n];
    for (int r = 0; r < rows; r++) {
      double[] swap = previous;
      previous = raw;
      raw = swap;
      System.arraycopy(candidates.raw(), r * n, raw, 0, n);
      String category = candidates.category()[r];
      encoder.encodeNumeric(raw, category, numeric, r * w, r == 0 ? null : previous, (r - 1) * w);
      cat[r] = encoder.categoryId(category);
      nar[r] = encoder.narratorId(candidates.narrator()[r]);
      item[r] = encoder.contentId(candidates.contentId()[r]);
    }
    return run(new FeatureEncoder.Batch(rows, w, numeric, cat, nar, item, new float[rows]));
  }

  /** Scores training-table rows (what the trainer's evaluation uses for the live model). */
  public float[] scoreExamples(List<Example> rows) {
    return run(encoder.encode(rows));
  }

  private float[] run(FeatureEncoder.Batch batch) {
    float[] out = new float[batch.rows()];
    if (batch.rows() == 0) {
      return out;
    }
    try (TFloat32 num = RankingModel.numericTensor(batch); TInt32 cat = RankingModel.ints(batch.category());
        TInt32 nar = RankingModel.ints(batch.narrator()); TInt32 item = RankingModel.ints(batch.content());
        Result r = function.call(RankingModel.inputs(num, cat, nar, item))) {
      ((TFloat32) r.get(RankingModel.OUTPUT_SCORE).orElseThrow()).copyTo(DataBuffers.of(out, false, false));
    }
    return out;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
