package io.stillwater.serving.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.trainer.ModelRegistry;
import io.stillwater.trainer.ModelScorer;
import io.stillwater.trainer.registry.ModelNotFoundException;
import io.stillwater.trainer.registry.S3ModelPublisher;
import io.stillwater.trainer.registry.S3ModelSource;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The API's model registry on S3 (a real s3rver): a model published there by the trainer's publisher, and in no
 * local registry, is fetched into the cache and served; a missing one is the popularity fallback, never a 500;
 * a download cut short is never loaded.
 */
class ModelsFromS3Test {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static final String BUCKET = "models-bucket";
  private static final S3Location MODELS = new S3Location(BUCKET, "prod/models");

  private static S3rver s3rver;

  @BeforeAll
  static void publishTheFixtureModelToS3() throws Exception {
    s3rver = S3rver.startWithBucket(BUCKET);
    ServingFixture.Live fixture = ServingFixture.live();
    new S3ModelPublisher(s3rver.client(), MODELS).publish(fixture.workspace().resolve("models").resolve(fixture.modelId()));
  }

  @AfterAll
  static void stopS3() {
    if (s3rver != null) {
      s3rver.close();
    }
  }

  @Test
  void model_only_in_s3_is_fetched_and_served(@TempDir Path ws) throws Exception {
    String modelId = ServingFixture.live().modelId();
    ServingFixture.loadLiveGeneration(ws, modelId);
    Path cache = ws.resolve("model-cache");
    assertThat(ws.resolve("models").resolve(modelId)).doesNotExist();
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(new S3ModelSource(s3rver.newClient(), MODELS, cache));
        TestServer server = new TestServer(ws, reader, models, CLOCK, Optional.empty())) {
      assertThat(server.get("/health/ready").status()).isEqualTo(200);
      TestServer.Reply r = server.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\"],\"limit\":3}");
      assertThat(r.status()).isEqualTo(200);
      JsonNode body = r.body();
      assertThat(body.get("fallback").asBoolean()).isFalse();
      assertThat(body.get("model_id").asText()).isEqualTo(modelId);
      assertThat(body.get("recommendations").get("sleep")).hasSize(3);
    }
    assertThat(cache.resolve(modelId).resolve(ModelRegistry.MODEL_JSON)).isRegularFile();
    assertThat(cache.resolve(modelId).resolve(ModelRegistry.SAVED_MODEL).resolve("saved_model.pb")).isRegularFile();
    assertThat(leftovers(cache)).isEmpty();
  }

  @Test
  void model_missing_in_s3_falls_back_with_the_reason_and_is_no_500(@TempDir Path ws) throws Exception {
    ServingFixture.loadLiveGeneration(ws, "m-20261120T000000Z-absent");
    try (LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(new S3ModelSource(s3rver.newClient(), MODELS, ws.resolve("model-cache")));
        TestServer server = new TestServer(ws, reader, models, CLOCK, Optional.empty())) {
      assertThat(server.get("/health/ready").status()).isEqualTo(503);
      TestServer.Reply r = server.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"movement\"],\"limit\":2}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("fallback").asBoolean()).isTrue();
      assertThat(r.body().get("fallback_reason").asText()).isEqualTo("model m-20261120T000000Z-absent missing");
      assertThat(r.body().get("recommendations").get("movement")).hasSize(2);
    }
  }

  @Test
  void half_written_download_is_never_loaded(@TempDir Path cache) {
    String modelId = ServingFixture.live().modelId();
    // The connection drops after two objects: the fetch fails and leaves nothing that looks like the model.
    try (S3Client dropsAfterTwo = new FailingAfter(s3rver.newClient(), 2)) {
      S3ModelSource cut = new S3ModelSource(dropsAfterTwo, MODELS, cache);
      assertThatThrownBy(() -> cut.fetch(modelId)).isInstanceOf(SdkClientException.class);
      assertThat(cache.resolve(modelId)).doesNotExist();
      assertThat(leftovers(cache)).isEmpty();
      try (ModelCache models = new ModelCache(new S3ModelSource(new FailingAfter(s3rver.newClient(), 2), MODELS, cache))) {
        assertThat(models.get(modelId)).isEmpty(); // the popularity fallback, retried later
      }
    }
    // The next fetch, with the connection back, gets the whole model.
    try (S3ModelSource whole = new S3ModelSource(s3rver.newClient(), MODELS, cache);
        ModelScorer scorer = ModelScorer.load(whole.fetch(modelId))) {
      assertThat(scorer.modelId()).isEqualTo(modelId);
    }
  }

  @Test
  void model_still_being_published_is_not_a_model_yet(@TempDir Path cache) {
    // An upload in progress: the SavedModel is there, model.json (written last) not yet.
    String partial = "m-20261120T000000Z-partial";
    s3rver.client().putObject(b -> b.bucket(BUCKET).key(MODELS.key(partial + "/saved_model/saved_model.pb")), RequestBody.fromString("x"));
    try (S3ModelSource source = new S3ModelSource(s3rver.newClient(), MODELS, cache)) {
      assertThatThrownBy(() -> source.fetch(partial)).isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining("not completely published");
    }
    assertThat(cache.resolve(partial)).doesNotExist();
  }

  private static List<Path> leftovers(Path cache) {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> in = Files.list(cache)) {
      return in.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A real client whose downloads fail after the first {@code allowed}, as a dropped connection would. */
  private static final class FailingAfter implements S3Client {
    private final S3Client real;
    private final AtomicInteger left;

    FailingAfter(S3Client real, int allowed) {
      this.real = real;
      this.left = new AtomicInteger(allowed);
    }

    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
      return real.listObjectsV2(request);
    }

    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
      if (left.getAndDecrement() <= 0) {
        throw SdkClientException.create("connection reset (test)");
      }
      return real.getObject(request, transformer);
    }

    @Override
    public String serviceName() {
      return real.serviceName();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
