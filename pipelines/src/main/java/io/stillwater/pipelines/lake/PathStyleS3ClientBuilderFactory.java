package io.stillwater.pipelines.lake;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client for S3-compatible servers (a local test server, MinIO, Ceph): path-style addressing
 * ({@code http://host:port/bucket/key}; a bucket cannot be a subdomain of {@code 127.0.0.1}), and checksums only
 * where the API requires them (newer SDKs otherwise stream uploads with trailing checksums that such servers
 * cannot parse). Select it with
 * {@code --s3ClientFactoryClass=io.stillwater.pipelines.lake.PathStyleS3ClientBuilderFactory}.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
  }
}
