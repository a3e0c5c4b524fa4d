package io.stillwater.sqslocal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * The ElasticMQ server process: an SQS-compatible REST API bound to 127.0.0.1 only, queues in memory.
 *
 * <pre>java -cp &lt;this module's jar&gt;:&lt;server-classpath.txt&gt; io.stillwater.sqslocal.ElasticMqServer --port 9324 [--exit-with-parent]</pre>
 *
 * Prints {@code elasticmq listening on http://127.0.0.1:PORT} once it accepts requests. With
 * {@code --exit-with-parent} it stops when its standard input closes, so a test JVM that dies leaves no server.
 */
public final class ElasticMqServer {

  public static final String READY = "elasticmq listening on ";

  private ElasticMqServer() {
  }

  public static void main(String[] args) throws Exception {
    int port = 9324;
    boolean exitWithParent = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--exit-with-parent" -> exitWithParent = true;
        default -> {
          System.err.println("usage: ElasticMqServer [--port N] [--exit-with-parent]; unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    SQSRestServer server = SQSRestServerBuilder
        .withInterface("127.0.0.1")
        .withPort(port)
        // Queue URLs name the address clients reach, not the default localhost:9324.
        .withServerAddress(NodeAddress.apply("http", "127.0.0.1", port, ""))
        .withAWSRegion("us-east-1")
        .start();
    server.waitUntilStarted();
    System.out.println(READY + "http://127.0.0.1:" + port);
    System.out.flush();
    Runnable stop = () -> {
      try {
        Await.result(server.stopAndGetFuture().apply(), Duration.create(10, TimeUnit.SECONDS));
      } catch (Exception e) {
        System.err.println("elasticmq stop: " + e);
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "elasticmq-stop"));
    if (exitWithParent) {
      try {
        while (System.in.read() >= 0) {
          // the parent writes nothing; end of input means it is gone
        }
      } catch (IOException e) {
        // parent's pipe broke: same as end of input
      }
      System.exit(0);
    }
  }
}
