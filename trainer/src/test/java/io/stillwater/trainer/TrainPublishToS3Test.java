package io.stillwater.trainer;

import static io.stillwater.trainer.TrainAcceptanceTest.train;
import static io.stillwater.trainer.TrainAcceptanceTest.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.trainer.TrainAcceptanceTest.Run;
import io.stillwater.trainer.registry.S3ModelSource;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code train --publish-to s3://…} copies an accepted model to an S3 registry (a real s3rver) and nothing else. */
class TrainPublishToS3Test {

  private static final String BUCKET = "models-bucket";
  private static S3rver s3rver;
  private static S3Client s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3rver = S3rver.startWithBucket(BUCKET);
    s3 = s3rver.client();
  }

  @AfterAll
  static void stopS3() {
    if (s3rver != null) {
      s3rver.close();
    }
  }

  @Test
  void accepted_model_is_published_to_the_s3_registry_and_loads_from_there(@TempDir Path tmp) throws Exception {
    Path ws = workspace(tmp);
    Run run = train("--workspace", ws.toString(), "--max-epochs", "2", "--min-auc-lift", "-1", "--min-ndcg-lift", "-1",
        "--publish-to", "s3://" + BUCKET + "/prod/models/", "--s3-endpoint", s3rver.endpoint().toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String id = run.lastLine();
    assertThat(run.err()).contains("model " + id + " published to s3://" + BUCKET + "/prod/models/" + id);

    Path local = ws.resolve("models").resolve(id);
    List<String> localFiles;
    try (Stream<Path> walk = Files.walk(local)) {
      localFiles = walk.filter(Files::isRegularFile).map(p -> "prod/models/" + id + "/" + local.relativize(p))
          .sorted().toList();
    }
    List<String> keys = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("prod/models/" + id + "/")).contents().stream()
        .map(S3Object::key).sorted().toList();
    assertThat(keys).isEqualTo(localFiles).contains("prod/models/" + id + "/" + ModelRegistry.MODEL_JSON);

    S3Location registry = new S3Location(BUCKET, "prod/models");
    try (S3ModelSource source = new S3ModelSource(s3rver.newClient(), registry, tmp.resolve("cache"));
        ModelScorer scorer = ModelScorer.load(source.fetch(id))) {
      assertThat(scorer.modelId()).isEqualTo(id);
    }
  }

  @Test
  void rejected_model_is_not_published(@TempDir Path tmp) throws Exception {
    Run run = train("--workspace", workspace(tmp).toString(), "--max-epochs", "1", "--min-auc-lift", "0.9",
        "--publish-to", "s3://" + BUCKET + "/rejected/models", "--s3-endpoint", s3rver.endpoint().toString());
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(TrainCommand.REJECTED);
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("rejected/")).contents()).isEmpty();
  }

  @Test
  void publish_to_that_is_not_an_s3_location_is_a_bad_argument_naming_the_option(@TempDir Path tmp) {
    for (String bad : List.of("/tmp/models", "s3://Not_A_Bucket/models")) {
      Run run = train("--workspace", tmp.toString(), "--publish-to", bad);
      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.err().strip()).doesNotContain("\n").contains("--publish-to");
    }
  }
}
