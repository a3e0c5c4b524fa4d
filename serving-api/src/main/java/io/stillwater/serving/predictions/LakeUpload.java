package io.stillwater.serving.predictions;

import java.nio.file.Path;

/**
 * What becomes of the prediction log's finished Parquet files, each already moved whole into its
 * {@code date=YYYY-MM-DD/} folder under its table's local folder ({@code predictions/}, {@code prediction_features/}).
 * With a local lake nothing: those folders are the lake ({@link #none}). With an S3 lake ({@link S3LakeUpload}) each
 * file is uploaded to the same table and partition there and then deleted locally.
 */
public interface LakeUpload extends AutoCloseable {

  /**
   * Hands on the finished files under {@code tableDir} (a table's local folder, named as the table); called by the
   * log's writer for each table after each flush and once per flush interval, so a file that could not be handed
   * on now is tried again later. Never throws.
   */
  void uploadFinished(Path tableDir);

  /** Files uploaded so far. */
  long filesUploaded();

  /** Upload attempts that failed (each file stays local and is tried again). */
  long uploadFailures();

  /** Finished files still waiting locally after the last round. */
  int filesWaiting();

  @Override
  default void close() {}

  /** A local lake: the files are where they belong. */
  static LakeUpload none() {
    return new LakeUpload() {
      @Override
      public void uploadFinished(Path tableDir) {}

      @Override
      public long filesUploaded() {
        return 0;
      }

      @Override
      public long uploadFailures() {
        return 0;
      }

      @Override
      public int filesWaiting() {
        return 0;
      }
    };
  }
}
