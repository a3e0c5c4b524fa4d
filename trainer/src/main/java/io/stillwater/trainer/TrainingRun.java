package io.stillwater.trainer;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.features.definition.FeatureRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One {@code train} run: read the training range and the held-out range, train, evaluate the model, the
 * popularity baseline and the live model (if any) on the held-out range, apply the promotion gate, and publish
 * the model to the registry only if it passes. A rejected model's report and model.json go to
 * {@code <workspace>/models/_rejected/<model_id>/} (no SavedModel), for inspection.
 */
public final class TrainingRun {
  private TrainingRun() {}

  public record Request(Path workspace, Instant from, Instant until, Instant holdoutStart, Optional<String> liveModelId,
      Trainer.Options options, PromotionGate.Thresholds thresholds, Catalog catalog) {

    public Path trainingDir() {
      return workspace.resolve("lake").resolve("training");
    }
  }

  public record Outcome(String modelId, boolean promoted, Path dir, ModelCard card, PromotionGate.Decision decision,
      Evaluation.Result evaluation) {}

  public static Outcome run(Request req, PrintWriter out) {
    if (!req.from().isBefore(req.holdoutStart()) || !req.holdoutStart().isBefore(req.until())) {
      throw new IllegalArgumentException("need from < holdout start < until, got " + req.from() + ", "
          + req.holdoutStart() + ", " + req.until());
    }
    List<Example> train = TrainingData.load(req.trainingDir(), req.from(), req.holdoutStart());
    List<Example> heldOut = TrainingData.load(req.trainingDir(), req.holdoutStart(), req.until(), true);
    out.printf(Locale.ROOT, "training on %d sessions in [%s, %s), evaluating on %d held out in [%s, %s)%n",
        train.size(), req.from(), req.holdoutStart(), heldOut.size(), req.holdoutStart(), req.until());
    out.flush();
    ModelRegistry registry = ModelRegistry.inWorkspace(req.workspace());
    ModelScorer live = null;
    try (Trainer.Result result = Trainer.train(train, req.options(), e -> {
      out.printf(Locale.ROOT, "epoch %2d/%d  train_loss %.4f  val_loss %.4f  val_auc %.4f  (%.2f s)%n", e.epoch(),
          req.options().maxEpochs(), e.trainLoss(), e.validationLoss(), e.validationAuc(), e.seconds());
      out.flush();
    })) {
      out.printf(Locale.ROOT, "best epoch %d of %d, %.1f s%n", result.bestEpoch(), result.curve().size(), result.seconds());
      Map<String, Function<List<Example>, float[]>> scorers = new LinkedHashMap<>();
      scorers.put("model", result::score);
      scorers.put("popularity", PopularityBaseline.fit(train)::score);
      if (req.liveModelId().isPresent()) {
        Path liveDir = registry.dir(req.liveModelId().get());
        if (!Files.isDirectory(liveDir)) {
          throw new IllegalArgumentException("no live model " + req.liveModelId().get() + " in " + registry.root());
        }
        live = ModelScorer.load(liveDir);
        if (!FeatureRegistry.schemaVersion().equals(live.card().featureSchemaVersion())) {
          throw new IllegalArgumentException("live model " + live.modelId() + " has feature schema "
              + live.card().featureSchemaVersion() + ", this data has " + FeatureRegistry.schemaVersion());
        }
        scorers.put("live", live::scoreExamples);
      }
      List<Example> history = new ArrayList<>(train);
      history.addAll(heldOut);
      List<RankingCandidates.Query> queries = RankingCandidates.withSharedModel(req.catalog(), history).queries(heldOut);
      Evaluation.Result evaluation = Evaluation.evaluate(scorers, heldOut, queries);
      PromotionGate.Decision decision = new PromotionGate(req.thresholds()).decide(evaluation.metrics());

      Instant trainedAt = Instant.now();
      String id = ModelRegistry.newModelId(trainedAt, result.model().snapshot(), result.encoder().spec());
      ModelCard card = card(id, req, result, evaluation, decision, trainedAt, train.size(), heldOut.size());
      String report = TrainingReport.html(id, card, result.curve(), result.bestEpoch(), evaluation, decision);
      printTable(out, evaluation, decision);
      Path dir;
      if (decision.promoted()) {
        dir = registry.publish(result.model(), card, report);
      } else {
        dir = registry.root().resolve("_rejected").resolve(id);
        try {
          Files.createDirectories(dir);
          ModelRegistry.writeCard(dir.resolve(ModelRegistry.MODEL_JSON), card);
          Files.writeString(dir.resolve(ModelRegistry.REPORT), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.println("report: " + dir.resolve(ModelRegistry.REPORT));
      out.flush();
      return new Outcome(id, decision.promoted(), dir, card, decision, evaluation);
    } finally {
      if (live != null) {
        live.close();
      }
    }
  }

  private static ModelCard card(String id, Request req, Trainer.Result result, Evaluation.Result evaluation,
      PromotionGate.Decision decision, Instant trainedAt, int trainRange, int heldOut) {
    FeatureEncoder enc = result.encoder();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put(RankingModel.INPUT_NUMERIC, enc.numericColumns());
    inputs.put("input_version", FeatureEncoder.INPUT_VERSION);
    inputs.put("interactions", "interaction:* columns are computed by the encoder from the row's own features and the"
        + " item's category (encoder.interactions; docs/models.md), standardized with encoder.interactionMeans/Stds");
    inputs.put(RankingModel.INPUT_CATEGORY, "int32 id into encoder.categoryVocabulary (0 = unknown), learned embedding");
    inputs.put(RankingModel.INPUT_NARRATOR, "int32 id into encoder.narratorVocabulary (0 = unknown), learned embedding");
    inputs.put(RankingModel.INPUT_CONTENT, "int32 id into encoder.contentVocabulary (0 = unknown item), learned embedding");
    inputs.put("output", RankingModel.OUTPUT_SCORE + ": probability the session completes");
    inputs.put("signature", "serving_default");
    inputs.put("not_inputs", List.of("search_embedding (its search_sim_* and search_content_sim are inputs)"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("training_dir", req.trainingDir().toAbsolutePath().normalize().toString());
    data.put("from", req.from().toString());
    data.put("holdout_start", req.holdoutStart().toString());
    data.put("until", req.until().toString());
    data.put("train_examples", result.trainExamples());
    data.put("validation_examples", result.validationExamples());
    data.put("training_range_examples", trainRange);
    data.put("holdout_examples", heldOut);
    data.put("holdout_completed", evaluation.positives());
    data.put("ranking_queries", evaluation.queries());
    data.put("mean_candidates_per_query", evaluation.meanCandidates());
    Map<String, Object> training = new LinkedHashMap<>();
    Trainer.Options o = req.options();
    training.put("architecture", "embeddings(category, narrator, content; dim " + o.model().embeddingDim() + ") + numeric -> "
        + o.model().hidden1() + " relu -> " + o.model().hidden2() + " relu -> 1 sigmoid");
    training.put("loss", "binary cross-entropy");
    training.put("optimizer", "Adam lr " + o.model().learningRate());
    training.put("batch_size", o.batchSize());
    training.put("max_epochs", o.maxEpochs());
    training.put("patience", o.patience());
    training.put("validation_fraction", o.validationFraction());
    training.put("seed", o.model().seed());
    training.put("epochs_run", result.curve().size());
    training.put("best_epoch", result.bestEpoch());
    training.put("seconds", result.seconds());
    training.put("curve", result.curve().stream().map(e -> Map.of("epoch", e.epoch(), "train_loss", e.trainLoss(),
        "validation_loss", e.validationLoss(), "validation_auc", e.validationAuc())).toList());
    Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
    evaluation.metrics().forEach((k, v) -> metrics.put(k, v.toJson()));
    return new ModelCard(id, decision.promoted() ? "candidate" : "rejected", FeatureRegistry.schemaVersion(),
        enc.featureNames(), inputs, enc.spec(), data, training, trainedAt.toString(), codeVersion(),
        req.liveModelId().orElse(null), metrics, decision.toJson());
  }

  static void printTable(PrintWriter out, Evaluation.Result evaluation, PromotionGate.Decision decision) {
    out.printf(Locale.ROOT, "held out: %d sessions, %d completed, %d ranking queries (%.1f candidates each)%n",
        evaluation.examples(), evaluation.positives(), evaluation.queries(), evaluation.meanCandidates());
    out.printf(Locale.ROOT, "%-12s %8s %9s %10s %11s%n", "scorer", "auc", "log_loss", "ndcg@10", "recall@10");
    evaluation.metrics().forEach((k, m) -> out.printf(Locale.ROOT, "%-12s %8.4f %9.4f %10.4f %11.4f%n", k, m.auc(),
        m.logLoss(), m.ndcgAt10(), m.recallAt10()));
    decision.checks().forEach(c -> out.println("gate " + c.describe()));
  }

  /**
   * {@code -Dstillwater.codeVersion}, else {@code git describe --always --dirty} of the checkout the launcher runs
   * from (or the working directory), else the jar's version, else "unknown".
   */
  static String codeVersion() {
    String v = System.getProperty("stillwater.codeVersion");
    if (v != null) {
      return v;
    }
    try {
      ProcessBuilder pb = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true);
      String launcher = System.getProperty("stillwater.launcher"); // set by ./stillwater: run git in the checkout
      if (launcher != null && Path.of(launcher).getParent() != null) {
        pb.directory(Path.of(launcher).getParent().toFile());
      }
      Process p = pb.start();
      if (p.waitFor(3, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!s.isEmpty()) {
          return "git " + s;
        }
      } else {
        p.destroy();
      }
    } catch (IOException e) {
      // no git: fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String impl = TrainingRun.class.getPackage().getImplementationVersion();
    return impl != null ? impl : "unknown";
  }
}
