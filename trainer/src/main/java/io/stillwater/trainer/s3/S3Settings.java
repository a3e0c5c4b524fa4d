package io.stillwater.trainer.s3;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * How to reach S3: the region and, for a local test server or an S3-compatible store (s3rver, MinIO, Ceph), an
 * endpoint (STILLWATER_S3_ENDPOINT). Credentials come from the SDK's default chain (environment, system
 * properties, the ECS task role).
 */
public record S3Settings(Optional<URI> endpoint, String region) {

  /**
   * A new client (HTTP/1.1, url-connection, as the other AWS clients here). With an endpoint: path-style
   * addressing (S3-compatible stores rarely serve bucket subdomains), checksums only where S3 requires them, and
   * no chunked payload signing: over plain http the SDK otherwise signs uploads chunk by chunk, and some compatible
   * stores (s3rver) keep the chunk signatures as part of the object.
   */
  public S3Client client() {
    var builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(region))
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    endpoint.ifPresent(uri -> builder.endpointOverride(uri)
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder.build();
  }
}
