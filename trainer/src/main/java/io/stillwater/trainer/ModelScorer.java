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
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The scoring library for the serving API: loads a registered model once (its SavedModel and the encoder from
 * its model.json) and scores a batch of candidates in one TensorFlow call. Safe to use from many threads (the
 * encoder is immutable and a TensorFlow session may run concurrently). Close it to free the native session.
 */
public final class ModelScorer implements AutoCloseable {

  /**
   * Candidates as the model reads them, one row at a time: row {@code r}'s raw values in
   * {@link FeatureEncoder#featureNames()} order (NaN = missing), and its item id, category and narrator (wire
   * names). {@link #score} asks for each row once, in order, so a caller fills a row from what many rows share
   * (the user's values, an item's cached values) without building a matrix of every candidate's values.
   */
  public interface Candidates {
    int count();

    /** Writes row {@code r}'s values into {@code raw[0 .. featureNames().size())}. */
    void fill(int r, double[] raw);

    String contentId(int r);

    String category(int r);

    String narrator(int r);

    /** Training-table rows as candidates (their features are already in column order). */
    static Candidates of(List<Example> rows) {
      return new Candidates() {
        @Override
        public int count() {
          return rows.size();
        }

        @Override
        public void fill(int r, double[] raw) {
          double[] f = rows.get(r).features();
          System.arraycopy(f, 0, raw, 0, f.length);
        }

        @Override
        public String contentId(int r) {
          return rows.get(r).contentId();
        }

        @Override
        public String category(int r) {
          return rows.get(r).category();
        }

        @Override
        public String narrator(int r) {
          return rows.get(r).narrator();
        }
      };
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

  /**
   * Completion probabilities, one per candidate, in order. Each row is encoded straight into the model's input
   * tensor (native memory): no per-request matrix of every candidate's values on the Java heap, which at ~200
   * candidates was most of what a request allocated and so most of what the young collections had to clear.
   */
  public float[] score(Candidates candidates) {
    int n = encoder.featureNames().size();
    int rows = candidates.count();
    int w = encoder.numericWidth();
    if (rows == 0) {
      return new float[0];
    }
    int[] cat = new int[rows];
    int[] nar = new int[rows];
    int[] item = new int[rows];
    double[] raw = new double[n];
    double[] previous = new double[n];
    double[] interactions = encoder.interactionScratch();
    float[] row = new float[w];
    try (TFloat32 num = TFloat32.tensorOf(Shape.of(rows, w))) {
      FloatDataBuffer numeric = num.asRawTensor().data().asFloats();
      for (int r = 0; r < rows; r++) {
        double[] swap = previous;
        previous = raw;
        raw = swap;
        candidates.fill(r, raw);
        String category = candidates.category(r);
        // The row buffer still holds row r - 1: a value equal to that row's is left as it is.
        encoder.encodeNumeric(raw, category, row, 0, r == 0 ? null : previous, 0, interactions);
        numeric.offset((long) r * w).write(row);
        cat[r] = encoder.categoryId(category);
        nar[r] = encoder.narratorId(candidates.narrator(r));
        item[r] = encoder.contentId(candidates.contentId(r));
      }
      return run(num, cat, nar, item);
    }
  }

  /** Scores training-table rows (what the trainer's evaluation uses for the live model). */
  public float[] scoreExamples(List<Example> rows) {
    return run(encoder.encode(rows));
  }

  private float[] run(FeatureEncoder.Batch batch) {
    if (batch.rows() == 0) {
      return new float[0];
    }
    try (TFloat32 num = RankingModel.numericTensor(batch)) {
      return run(num, batch.category(), batch.narrator(), batch.content());
    }
  }

  private float[] run(TFloat32 numeric, int[] category, int[] narrator, int[] content) {
    float[] out = new float[category.length];
    try (TInt32 cat = RankingModel.ints(category); TInt32 nar = RankingModel.ints(narrator);
        TInt32 item = RankingModel.ints(content); Result r = function.call(RankingModel.inputs(numeric, cat, nar, item))) {
      ((TFloat32) r.get(RankingModel.OUTPUT_SCORE).orElseThrow()).copyTo(DataBuffers.of(out, false, false));
    }
    return out;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
