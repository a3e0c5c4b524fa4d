package io.stillwater.push;

import io.stillwater.stream.KinesisClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS clients from deployment config: region, and an endpoint only for a local SQS-compatible server (ElasticMQ).
 * HTTP/1.1 (url-connection client); dummy credentials against a loopback endpoint, as {@link KinesisClients}. The
 * SDK does not retry on its own: the worker's {@code RetryingPublisher} owns retries and backoff, so
 * {@code --publish-attempts} is exactly the number of sends.
 */
public final class SqsClients {
  private SqsClients() {}

  public static SqsClient create(Optional<URI> endpoint, String region) {
    var builder = SqsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(25)))
        .region(Region.of(region))
        .credentialsProvider(KinesisClients.credentials(endpoint))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofSeconds(30)));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
