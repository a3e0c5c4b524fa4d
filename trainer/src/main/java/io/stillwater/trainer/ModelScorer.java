package io.stillwater.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwater.features.state.FeatureVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** One candidate: feature values by name (Number, or null = missing), the item's id, category and narrator. */
  public record Candidate(Map<String, ?> features, String contentId, String category, String narrator) {

    /** A candidate from the user's, the item's and the context's feature vectors, as the store serves them. */
    public static Candidate of(FeatureVector user, FeatureVector content, FeatureVector context, String category, String narrator) {
      String contentId = content.entityId();
      Map<String, Object> all = new HashMap<>(user.values());
      all.putAll(content.values());
      all.putAll(context.values());
      return new Candidate(all, contentId, category, narrator);
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
        .withConfigProto(RankingModel.singleThreaded()).load();
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
  public float[] score(List<Candidate> candidates) {
    List<String> names = encoder.featureNames();
    int w = encoder.numericWidth();
    float[] numeric = new float[candidates.size() * w];
    int[] cat = new int[candidates.size()];
    int[] nar = new int[candidates.size()];
    int[] item = new int[candidates.size()];
    double[] raw = new double[names.size()];
    for (int r = 0; r < candidates.size(); r++) {
      Candidate c = candidates.get(r);
      for (int i = 0; i < raw.length; i++) {
        Object v = c.features().get(names.get(i));
        raw[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
      encoder.encodeNumeric(raw, c.category(), numeric, r * w);
      cat[r] = encoder.categoryId(c.category());
      nar[r] = encoder.narratorId(c.narrator());
      item[r] = encoder.contentId(c.contentId());
    }
    return run(new FeatureEncoder.Batch(candidates.size(), w, numeric, cat, nar, item, new float[candidates.size()]));
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
