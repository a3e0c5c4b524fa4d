package io.stillwater.stream;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis clients from deployment config: a region, and an endpoint only for a local Kinesis-compatible server
 * (kinesalite). HTTP/1.1 (url-connection client), which both AWS and kinesalite accept. Against a loopback
 * endpoint the credentials are dummies unless the environment has real ones; otherwise the default AWS chain.
 */
public final class KinesisClients {
  private KinesisClients() {}

  public static KinesisClient create(Optional<URI> endpoint, String region) {
    var builder = KinesisClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(region))
        .credentialsProvider(credentials(endpoint));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** Dummy static credentials for a loopback endpoint without AWS credentials in the environment. */
  public static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
    boolean local = endpoint.map(URI::getHost).map(h -> h.equals("127.0.0.1") || h.equals("localhost")).orElse(false);
    if (local && System.getenv("AWS_ACCESS_KEY_ID") == null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
