package io.stillwater.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.FeatureRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelScorerTest {

  private static ModelCard card(String id, FeatureEncoder enc) {
    return new ModelCard(id, "candidate", FeatureRegistry.schemaVersion(), enc.featureNames(), Map.of(), enc.spec(),
        Map.of(), Map.of(), Instant.now().toString(), "test", null, Map.of(), Map.of());
  }

  @Test
  void aReloadedModelScoresExactlyAsTheTrainerDid(@TempDir Path tmp) throws Exception {
    List<Example> train = SimulatedData.train();
    List<Example> heldOut = SimulatedData.heldOut();
    ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
    float[] trainerScores;
    Path dir;
    try (Trainer.Result r = Trainer.train(train, Trainer.Options.defaults().withMaxEpochs(3), e -> {})) {
      trainerScores = r.score(heldOut);
      String id = ModelRegistry.newModelId(Instant.parse("2026-11-28T10:00:00Z"), r.model().snapshot(), r.encoder().spec());
      assertThat(id).matches("m-20261128T100000Z-[0-9a-f]{6}");
      dir = registry.publish(r.model(), card(id, r.encoder()), "<html></html>");
      assertThat(dir.resolve("saved_model").resolve("saved_model.pb")).exists();
      // Immutable: publishing the same id again fails and leaves the model alone.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.publish(r.model(), card(id, r.encoder()), "x"))
          .hasMessageContaining("already exists");
    }

    // A fresh SavedModelBundle in this JVM, with rows as the serving API passes them (raw values by column).
    try (ModelScorer scorer = ModelScorer.load(dir)) {
      assertThat(scorer.scoreExamples(heldOut)).containsExactly(trainerScores);
      assertThat(scorer.score(ModelScorer.Candidates.of(heldOut))).containsExactly(trainerScores);

      // Many threads at once, each a batch of 200: the same answers.
      ModelScorer.Candidates batch = ModelScorer.Candidates.of(heldOut.subList(0, Math.min(200, heldOut.size())));
      float[] expected = scorer.score(batch);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> scorer.score(batch)));
      }
      for (Future<float[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
      pool.shutdown();
    }

    // A model card from before the interaction inputs (no input version, no interactions): a clear error, not
    // a model that reads the wrong columns.
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        dir.resolve("model.json").toFile());
    com.fasterxml.jackson.databind.node.ObjectNode enc = (com.fasterxml.jackson.databind.node.ObjectNode) old.get("encoder");
    enc.remove(List.of("inputVersion", "interactions", "interactionMeans", "interactionStds"));
    Path oldDir = tmp.resolve("old");
    java.nio.file.Files.createDirectories(oldDir);
    json.writeValue(oldDir.resolve("model.json").toFile(), old);
    java.nio.file.Files.createSymbolicLink(oldDir.resolve("saved_model"), dir.resolve("saved_model"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelScorer.load(oldDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature-schema mismatch").hasMessageContaining("no interaction inputs")
        .hasMessageContaining("retrain");

    // A fresh JVM.
    float[] forked = forked(ScoreMain.class, dir.toString(), SimulatedData.dir().toString(),
        SimulatedData.HOLDOUT.toString(), SimulatedData.UNTIL.toString());
    assertThat(forked).containsExactly(trainerScores);
  }

  /** Two `train` processes on the same data give the same model, bit for bit (each run is its own JVM). */
  @Test
  void trainingTwiceOnTheSameDataGivesTheSameModel() throws Exception {
    SimulatedData.train();
    float[] first = forked(TrainMain.class, SimulatedData.dir().toString(), SimulatedData.FROM.toString(),
        SimulatedData.HOLDOUT.toString(), SimulatedData.UNTIL.toString(), "3");
    float[] second = forked(TrainMain.class, SimulatedData.dir().toString(), SimulatedData.FROM.toString(),
        SimulatedData.HOLDOUT.toString(), SimulatedData.UNTIL.toString(), "3");
    assertThat(first).hasSize(SimulatedData.heldOut().size());
    assertThat(second).containsExactly(first);
  }

  static float[] forked(Class<?> main, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Dorg.bytedeco.javacpp.cachedir=" + Path.of("target", "javacpp").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    String[] lines = out.strip().split("\n");
    float[] scores = new float[lines.length];
    for (int i = 0; i < lines.length; i++) {
      scores[i] = Float.intBitsToFloat(Integer.parseInt(lines[i].strip()));
    }
    return scores;
  }
}
