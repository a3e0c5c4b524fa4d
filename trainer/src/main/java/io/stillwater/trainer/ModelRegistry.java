package io.stillwater.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local model registry, {@code <workspace>/models/<model_id>/}: {@code saved_model/} (a SavedModel with a
 * {@code serving_default} signature), {@code model.json} ({@link ModelCard}) and {@code report.html}. A model
 * directory is written under a staging name and moved into place in one step; an existing one is never
 * overwritten.
 */
public final class ModelRegistry {

  public static final String MODEL_JSON = "model.json";
  public static final String SAVED_MODEL = "saved_model";
  public static final String REPORT = "report.html";
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;

  public ModelRegistry(Path modelsDir) {
    this.root = modelsDir;
  }

  public static ModelRegistry inWorkspace(Path workspace) {
    return new ModelRegistry(workspace.resolve("models"));
  }

  public Path root() {
    return root;
  }

  public Path dir(String modelId) {
    return root.resolve(modelId);
  }

  /** {@code m-YYYYMMDDTHHMMSSZ-<first 6 hex digits of a SHA-256 over the weights and the encoder>}. */
  public static String newModelId(Instant trainedAt, List<float[]> weights, FeatureEncoder.Spec encoder) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (float[] w : weights) {
        ByteBuffer b = ByteBuffer.allocate(w.length * 4);
        b.asFloatBuffer().put(w);
        sha.update(b.array());
      }
      sha.update(json().writeValueAsString(encoder).getBytes(StandardCharsets.UTF_8));
      return "m-" + ID_TIME.format(trainedAt) + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 6);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the model and moves it into place; fails if the id is taken. */
  public Path publish(RankingModel model, ModelCard card, String reportHtml) {
    Path target = dir(card.modelId());
    if (Files.exists(target)) {
      throw new IllegalStateException("model " + card.modelId() + " already exists in " + root + "; models are immutable");
    }
    Path staging = root.resolve(".staging-" + card.modelId());
    try {
      Files.createDirectories(root);
      deleteRecursively(staging);
      Files.createDirectories(staging);
      model.export(staging.resolve(SAVED_MODEL));
      writeCard(staging.resolve(MODEL_JSON), card);
      Files.writeString(staging.resolve(REPORT), reportHtml, StandardCharsets.UTF_8);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target);
      }
      return target;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("model " + card.modelId() + " already exists in " + root + "; models are immutable", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish model " + card.modelId() + " to " + root, e);
    }
  }

  static void writeCard(Path file, ModelCard card) throws IOException {
    json().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), card);
  }

  static ObjectMapper json() {
    return new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
