package io.stillwater.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.framework.losses.BinaryCrossentropy;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The ranking model as a TensorFlow graph: category, narrator and content-item embeddings (one-hot times a learned matrix,
 * which is an embedding lookup with a plain MatMul gradient), concatenated with the numeric input, then
 * {@code hidden[0]} and {@code hidden[1]} ReLU layers and a sigmoid output: the probability the session completes.
 *
 * <p>Weights start from a Glorot-uniform draw made in Java with a fixed seed, and the session runs on one
 * intra-op and one inter-op thread, so training the same data twice gives the same model bit for bit.
 */
public final class RankingModel implements AutoCloseable {

  public static final String INPUT_NUMERIC = "numeric";
  public static final String INPUT_CATEGORY = "category";
  public static final String INPUT_NARRATOR = "narrator";
  public static final String INPUT_CONTENT = "content";
  public static final String OUTPUT_SCORE = "score";
  public static final String SERVE_TAG = "serve";
  static final int SCORE_CHUNK = 8192;

  /** Hyperparameters. */
  public record Config(int embeddingDim, int hidden1, int hidden2, float learningRate, long seed) {
    public static Config defaults() {
      return new Config(4, 64, 32, 1e-3f, 42L);
    }
  }

  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> numeric;
  private final Placeholder<TInt32> category;
  private final Placeholder<TInt32> narrator;
  private final Placeholder<TInt32> content;
  private final Placeholder<TFloat32> label;
  private final Operand<TFloat32> score;
  private final Operand<TFloat32> loss;
  private final Op train;
  private Placeholder<TFloat32> beta1Power;
  private Placeholder<TFloat32> beta2Power;
  private int step;
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-7f;
  private final List<Variable<TFloat32>> weights = new ArrayList<>();
  private final List<Shape> shapes = new ArrayList<>();
  private final List<Placeholder<TFloat32>> restoreInputs = new ArrayList<>();
  private final List<Op> restoreOps = new ArrayList<>();

  public RankingModel(int numericWidth, int categories, int narrators, int contents, Config config) {
    graph = new Graph();
    Ops tf = Ops.create(graph);
    SplittableRandom rng = new SplittableRandom(config.seed());
    numeric = tf.withName(INPUT_NUMERIC).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, numericWidth)));
    category = tf.withName(INPUT_CATEGORY).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    narrator = tf.withName(INPUT_NARRATOR).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    content = tf.withName(INPUT_CONTENT).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    label = tf.withName("label").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));

    Variable<TFloat32> categoryEmbedding = weight(tf, "category_embedding", categories, config.embeddingDim(), rng);
    Variable<TFloat32> narratorEmbedding = weight(tf, "narrator_embedding", narrators, config.embeddingDim(), rng);
    Operand<TFloat32> ce = tf.linalg.matMul(
        tf.oneHot(category, tf.constant(categories), tf.constant(1f), tf.constant(0f)), categoryEmbedding);
    Operand<TFloat32> ne = tf.linalg.matMul(
        tf.oneHot(narrator, tf.constant(narrators), tf.constant(1f), tf.constant(0f)), narratorEmbedding);
    Variable<TFloat32> contentEmbedding = weight(tf, "content_embedding", contents, config.embeddingDim(), rng);
    Operand<TFloat32> ie = tf.linalg.matMul(
        tf.oneHot(content, tf.constant(contents), tf.constant(1f), tf.constant(0f)), contentEmbedding);
    Operand<TFloat32> x = tf.concat(List.of(numeric, ce, ne, ie), tf.constant(1));
    int in = numericWidth + 3 * config.embeddingDim();
    Operand<TFloat32> h1 = tf.nn.relu(dense(tf, "dense1", x, in, config.hidden1(), rng));
    Operand<TFloat32> h2 = tf.nn.relu(dense(tf, "dense2", h1, config.hidden1(), config.hidden2(), rng));
    Operand<TFloat32> logits = dense(tf, "logits", h2, config.hidden2(), 1, rng);
    score = tf.withName(OUTPUT_SCORE).reshape(tf.math.sigmoid(logits), tf.constant(new int[] {-1}));
    loss = new BinaryCrossentropy(true).call(tf, label, logits);
    train = adam(tf, config.learningRate());
    for (int i = 0; i < weights.size(); i++) {
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shapes.get(i)));
      restoreInputs.add(p);
      restoreOps.add(tf.assign(weights.get(i), p));
    }
    session = new Session(graph, singleThreaded());
    session.initialize();
  }

  /**
   * Adam as TensorFlow's own ApplyAdam kernel, one per weight, with the bias-correction powers beta1^t and
   * beta2^t fed from Java each step, and every update ordered after every gradient. (With tensorflow-framework's
   * Adam.minimize two runs on the same data differed after the first step: an update could land while another
   * layer's gradient still read that weight. Ordering them makes reruns bit-identical.)
   */
  private Op adam(Ops tf, float learningRate) {
    beta1Power = tf.withName("adam_beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power = tf.withName("adam_beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    org.tensorflow.Output<?>[] xs = new org.tensorflow.Output<?>[weights.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = weights.get(i).asOutput();
    }
    org.tensorflow.Output<?>[] raw = graph.addGradients(loss.asOutput(), xs);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (org.tensorflow.Output<?> g : raw) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gf = (Operand<TFloat32>) g;
      grads.add(tf.identity(gf));
    }
    // Every update waits for every gradient: a weight is read by reference in the backward pass, so updating it
    // while another layer's gradient still reads it would make the result depend on op scheduling.
    List<Op> allGradients = new ArrayList<>();
    grads.forEach(g -> allGradients.add((Op) g));
    Ops after = tf.withControlDependencies(allGradients);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      Variable<TFloat32> w = weights.get(i);
      Variable<TFloat32> m = tf.withName(weightName(i) + "_adam_m").variable(tf.withInitScope().zeros(tf.withInitScope().constant(shapes.get(i).asArray()), TFloat32.class));
      Variable<TFloat32> v = tf.withName(weightName(i) + "_adam_v").variable(tf.withInitScope().zeros(tf.withInitScope().constant(shapes.get(i).asArray()), TFloat32.class));
      Operand<TFloat32> g = grads.get(i);
      updates.add(after.train.applyAdam(w, m, v, beta1Power, beta2Power, tf.constant(learningRate), tf.constant(BETA1),
          tf.constant(BETA2), tf.constant(EPSILON), g));
    }
    return tf.withControlDependencies(updates).withName("adam_step").noOp();
  }

  private String weightName(int i) {
    return weights.get(i).op().name();
  }

  static ConfigProto singleThreaded() {
    return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1)
        .setUsePerSessionThreads(true).build();
  }

  /**
   * For scoring: ops run in the calling thread. TensorFlow does that only for a negative inter-op count without
   * per-session threads; with its inter-op pool, each call was handed to a pool thread and back (a single call
   * took 0.64 ms instead of 0.39), and the idle pool threads spun: ~0.26 of a core at 1,000 requests/s
   * (BENCHMARKS.md, serving).
   */
  static ConfigProto inCallerThread() {
    return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(-1)
        .setUsePerSessionThreads(false).build();
  }

  private Variable<TFloat32> weight(Ops tf, String name, int rows, int cols, SplittableRandom rng) {
    double limit = Math.sqrt(6.0 / (rows + cols));
    float[][] init = new float[rows][cols];
    for (float[] row : init) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) ((rng.nextDouble() * 2 - 1) * limit);
      }
    }
    Variable<TFloat32> v = tf.withName(name).variable(tf.withInitScope().constant(init));
    weights.add(v);
    shapes.add(Shape.of(rows, cols));
    return v;
  }

  private Operand<TFloat32> dense(Ops tf, String name, Operand<TFloat32> x, int in, int out, SplittableRandom rng) {
    Variable<TFloat32> w = weight(tf, name + "_w", in, out, rng);
    Variable<TFloat32> b = tf.withName(name + "_b").variable(tf.withInitScope().constant(new float[out]));
    weights.add(b);
    shapes.add(Shape.of(out));
    return tf.math.add(tf.linalg.matMul(x, w), b);
  }

  /** One Adam step on a mini-batch; returns its loss. */
  public float trainStep(FeatureEncoder.Batch batch) {
    try (TFloat32 num = numericTensor(batch); TInt32 cat = ints(batch.category()); TInt32 nar = ints(batch.narrator());
        TInt32 item = ints(batch.content());
        TFloat32 lab = TFloat32.tensorOf(Shape.of(batch.rows(), 1), DataBuffers.of(batch.labels(), true, false));
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, step + 1));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, step + 1));
        Result r = session.runner().feed(numeric, num).feed(category, cat).feed(narrator, nar).feed(content, item).feed(label, lab)
            .feed(beta1Power, b1).feed(beta2Power, b2).addTarget(train).fetch(loss).run()) {
      step++;
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** Completion probabilities for the rows, in order. */
  public float[] score(FeatureEncoder.Batch batch) {
    float[] out = new float[batch.rows()];
    int[] all = new int[batch.rows()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int from = 0; from < batch.rows(); from += SCORE_CHUNK) {
      int to = Math.min(batch.rows(), from + SCORE_CHUNK);
      FeatureEncoder.Batch part = from == 0 && to == batch.rows() ? batch : batch.select(all, from, to);
      try (TFloat32 num = numericTensor(part); TInt32 cat = ints(part.category()); TInt32 nar = ints(part.narrator());
          TInt32 item = ints(part.content());
          Result r = session.runner().feed(numeric, num).feed(category, cat).feed(narrator, nar).feed(content, item)
              .fetch(score).run()) {
        float[] chunk = new float[part.rows()];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(chunk, false, false));
        System.arraycopy(chunk, 0, out, from, chunk.length);
      }
    }
    return out;
  }

  /** The current weights (for keeping the best epoch's). */
  public List<float[]> snapshot() {
    List<float[]> out = new ArrayList<>();
    Session.Runner runner = session.runner();
    weights.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < weights.size(); i++) {
        float[] values = new float[(int) shapes.get(i).size()];
        ((TFloat32) r.get(i)).copyTo(DataBuffers.of(values, false, false));
        out.add(values);
      }
    }
    return out;
  }

  public void restore(List<float[]> snapshot) {
    Session.Runner runner = session.runner();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (int i = 0; i < weights.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(shapes.get(i), DataBuffers.of(snapshot.get(i), true, false));
        tensors.add(t);
        runner.feed(restoreInputs.get(i), t).addTarget(restoreOps.get(i));
      }
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /** Writes a SavedModel with one {@code serving_default} signature: numeric, category, narrator, content → score. */
  public void export(Path dir) {
    Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
        .input(INPUT_NUMERIC, numeric).input(INPUT_CATEGORY, category).input(INPUT_NARRATOR, narrator)
        .input(INPUT_CONTENT, content).output(OUTPUT_SCORE, score).build();
    try {
      SavedModelBundle.exporter(dir.toString()).withTags(SERVE_TAG)
          .withFunction(SessionFunction.create(signature, session)).export();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the SavedModel to " + dir, e);
    }
  }

  static TFloat32 numericTensor(FeatureEncoder.Batch b) {
    return TFloat32.tensorOf(Shape.of(b.rows(), b.width()), DataBuffers.of(b.numeric(), true, false));
  }

  static TInt32 ints(int[] values) {
    return TInt32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  static Map<String, org.tensorflow.Tensor> inputs(TFloat32 num, TInt32 cat, TInt32 nar, TInt32 item) {
    return Map.of(INPUT_NUMERIC, num, INPUT_CATEGORY, cat, INPUT_NARRATOR, nar, INPUT_CONTENT, item);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
