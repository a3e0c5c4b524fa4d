package io.stillwater.serving.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.serving.ServingFixture;
import io.stillwater.serving.TestServer;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.serving.predictions.PredictionLog;
import io.stillwater.serving.predictions.S3LakeUpload;
import io.stillwater.trainer.s3.S3Location;
import io.stillwater.trainer.s3.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The prediction log on an S3 lake (a real s3rver): files are written locally, uploaded to
 * {@code <lake>/predictions/date=…/} and {@code <lake>/prediction_features/date=…/}, deleted locally only once
 * uploaded, and kept and retried while S3 is down.
 */
class PredictionLogToS3Test {

  private static final Clock CLOCK = Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC);
  private static final String BUCKET = "lake-bucket";
  private static final S3Location LAKE = new S3Location(BUCKET, "prod/lake");
  private static final String DATE = "date=2026-11-20"; // ServingFixture.NOW

  private S3rver s3rver;
  private S3Client s3;

  @BeforeEach
  void startS3() throws Exception {
    s3rver = S3rver.startWithBucket(BUCKET);
    s3 = s3rver.client();
  }

  @AfterEach
  void stopS3() {
    s3rver.close();
  }

  @Test
  void prediction_log_files_land_in_s3_under_their_date_as_parquet(@TempDir Path ws) throws Exception {
    String modelId = ServingFixture.registerFixtureModelIn(ws);
    ServingFixture.loadLiveGeneration(ws, modelId);
    Path staging = ws.resolve("prediction-log").resolve("predictions");
    try (Live live = new Live(ws); TestServer server = live.server(log(staging))) {
      assertThat(server.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\",\"focus\"],"
          + "\"limit\":3}").status()).isEqualTo(200);
      assertThat(server.recommend("{\"user_id\":\"u_nobody\",\"flags\":[\"movement\"],\"limit\":2}").status()).isEqualTo(200);
    } // closing writes and uploads what the log holds

    List<S3Object> objects = objects("predictions");
    assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o.key())
        .startsWith("prod/lake/predictions/" + DATE + "/part-").endsWith(".parquet"));
    assertThat(objects("prediction_features")).isNotEmpty().allSatisfy(o -> assertThat(o.key())
        .startsWith("prod/lake/prediction_features/" + DATE + "/part-").endsWith(".parquet"));
    assertThat(parquetFiles(staging.getParent())).isEmpty(); // both tables' files deleted locally once uploaded

    Path downloaded = Files.createDirectories(ws.resolve("downloaded").resolve(DATE));
    for (S3Object o : objects) {
      s3.getObject(b -> b.bucket(BUCKET).key(o.key()), downloaded.resolve(Path.of(o.key()).getFileName()));
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE NOT fallback AND model_id = '" + modelId
            + "'), count(*) FILTER (WHERE fallback), min(date) FROM read_parquet('"
            + downloaded.getParent().resolve("**").resolve("*.parquet") + "', hive_partitioning = true)")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(3 + 3 + 2); // one row per returned item
      assertThat(rs.getLong(2)).isEqualTo(6);
      assertThat(rs.getLong(3)).isEqualTo(2);
      assertThat(rs.getString(4)).isEqualTo("2026-11-20");
    }
  }

  @Test
  void failed_upload_keeps_the_file_and_uploads_it_when_s3_is_back(@TempDir Path ws) throws Exception {
    ServingFixture.loadLiveGeneration(ws, ServingFixture.registerFixtureModelIn(ws));
    Path staging = ws.resolve("prediction-log").resolve("predictions");
    try (Live live = new Live(ws); PredictionLog log = log(staging); TestServer server = live.server(log)) {
      s3rver.stop();
      assertThat(server.recommend("{\"user_id\":\"" + ServingFixture.KNOWN_USER + "\",\"flags\":[\"sleep\"],\"limit\":4}")
          .status()).isEqualTo(200);
      // one file per table (predictions, prediction_features), each of whose uploads fails
      Awaitility.await("the files to be written and their uploads to fail").atMost(Duration.ofSeconds(60))
          .until(() -> log.upload().filesWaiting() == 2);
      assertThat(log.upload().uploadFailures()).isPositive();
      assertThat(log.rowsWritten()).isEqualTo(4);
      assertThat(parquetFiles(staging.getParent())).hasSize(2);
      assertThat(log.upload().filesUploaded()).isZero();
      assertThat(server.get("/metrics").text()).contains("stillwater_prediction_log_files_waiting 2.0");

      s3rver.restart(); // same port, same data: the bucket is still there
      Awaitility.await("the kept files to be uploaded").atMost(Duration.ofSeconds(60))
          .until(() -> log.upload().filesUploaded() == 2);
      assertThat(parquetFiles(staging.getParent())).isEmpty();
      assertThat(log.upload().filesWaiting()).isZero();
      assertThat(server.get("/metrics").text()).contains("stillwater_prediction_log_files_uploaded_total 2.0")
          .contains("stillwater_prediction_log_files_waiting 0.0").contains("stillwater_prediction_log_rows_written_total 4.0");
      assertThat(objects("predictions")).singleElement().satisfies(o -> assertThat(o.key())
          .startsWith("prod/lake/predictions/" + DATE + "/part-"));
      assertThat(objects("prediction_features")).singleElement().satisfies(o -> assertThat(o.key())
          .startsWith("prod/lake/prediction_features/" + DATE + "/part-"));
    }
  }

  /** The workspace's live generation and its local models, for a server over them. */
  private record Live(Path ws, LiveFeatureReader reader, ModelCache models) implements AutoCloseable {
    Live(Path ws) {
      this(ws, new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws)),
          new ModelCache(ws.resolve("models")));
    }

    TestServer server(PredictionLog log) {
      return new TestServer(ws, reader, models, CLOCK, Optional.empty(), log);
    }

    @Override
    public void close() {
      models.close();
      reader.close();
    }
  }

  /** Flushes every 100 ms, so a failed upload is retried within a fraction of a second. */
  private PredictionLog log(Path staging) {
    return new PredictionLog(staging, 1_000, Duration.ofMillis(100), 10_000,
        new S3LakeUpload(s3rver.newClient(), LAKE));
  }

  private List<S3Object> objects(String table) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(LAKE.key(table) + "/")).contents();
  }

  private static List<Path> parquetFiles(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

}
