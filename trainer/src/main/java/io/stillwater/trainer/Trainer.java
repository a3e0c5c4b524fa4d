package io.stillwater.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the {@link RankingModel}: the training range's last {@code validationFraction} (by start time) is the
 * validation split, the rest trains; normalization and vocabularies come from the training part only. Mini-batch
 * Adam with a seeded shuffle each epoch; stops when validation log loss has not improved for {@code patience}
 * epochs and keeps the best epoch's weights.
 */
public final class Trainer {
  private Trainer() {}

  public record Options(int maxEpochs, int batchSize, int patience, double validationFraction, RankingModel.Config model) {
    public static Options defaults() {
      return new Options(30, 256, 3, 0.1, RankingModel.Config.defaults());
    }

    public Options withMaxEpochs(int epochs) {
      return new Options(epochs, batchSize, patience, validationFraction, model);
    }

    public Options withSeed(long seed) {
      RankingModel.Config m = model;
      return new Options(maxEpochs, batchSize, patience, validationFraction,
          new RankingModel.Config(m.embeddingDim(), m.hidden1(), m.hidden2(), m.learningRate(), seed));
    }
  }

  public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAuc, double seconds) {}

  /** A trained model and what it was trained with. Close it to free the TensorFlow session. */
  public record Result(RankingModel model, FeatureEncoder encoder, List<EpochStats> curve, int bestEpoch,
      int trainExamples, int validationExamples, double seconds) implements AutoCloseable {

    public float[] score(List<Example> rows) {
      return model.score(encoder.encode(rows));
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /** @param examples the training range, in start-time order (as {@link TrainingData#load} returns them) */
  public static Result train(List<Example> examples, Options options, Consumer<EpochStats> progress) {
    long t0 = System.nanoTime();
    int validationSize = (int) Math.round(examples.size() * options.validationFraction());
    if (examples.size() - validationSize < 10 || validationSize < 1) {
      throw new TrainingDataException("too few training examples to train and validate: " + examples.size());
    }
    List<Example> train = examples.subList(0, examples.size() - validationSize);
    List<Example> validation = examples.subList(examples.size() - validationSize, examples.size());
    FeatureEncoder encoder = FeatureEncoder.fit(train);
    FeatureEncoder.Batch trainBatch = encoder.encode(train);
    FeatureEncoder.Batch validationBatch = encoder.encode(validation);
    boolean[] validationLabels = labels(validation);

    RankingModel model = new RankingModel(encoder.numericWidth(), encoder.categoryVocabularySize(),
        encoder.narratorVocabularySize(), encoder.contentVocabularySize(), options.model());
    try {
      SplittableRandom shuffle = new SplittableRandom(options.model().seed() ^ 0x5DEECE66DL);
      int[] order = new int[train.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      List<EpochStats> curve = new ArrayList<>();
      double best = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      List<float[]> bestWeights = model.snapshot();
      for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
        long e0 = System.nanoTime();
        for (int i = order.length - 1; i > 0; i--) {
          int j = shuffle.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += options.batchSize()) {
          int to = Math.min(order.length, from + options.batchSize());
          lossSum += model.trainStep(trainBatch.select(order, from, to)) * (to - from);
          batches++;
        }
        float[] validationScores = model.score(validationBatch);
        double validationLoss = Metrics.logLoss(validationScores, validationLabels);
        EpochStats stats = new EpochStats(epoch, lossSum / order.length, validationLoss,
            Metrics.auc(validationScores, validationLabels), (System.nanoTime() - e0) / 1e9);
        curve.add(stats);
        progress.accept(stats);
        if (validationLoss < best - 1e-5) {
          best = validationLoss;
          bestEpoch = epoch;
          bestWeights = model.snapshot();
        } else if (epoch - bestEpoch >= options.patience()) {
          break;
        }
      }
      model.restore(bestWeights);
      return new Result(model, encoder, List.copyOf(curve), bestEpoch, train.size(), validation.size(),
          (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  static boolean[] labels(List<Example> rows) {
    boolean[] out = new boolean[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).completed();
    }
    return out;
  }
}
