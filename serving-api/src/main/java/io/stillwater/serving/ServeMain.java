package io.stillwater.serving;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.features.search.SearchFeatures;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stillwater serve}: wires a workspace's embedded store (the live generation) and model registry to the
 * HTTP server, and serves until interrupted. The launcher passes the LMDB JVM flags (target/jvm-options.txt).
 */
@Command(name = "stillwater serve", mixinStandardHelpOptions = true,
    description = "Serve recommendations over HTTP from the live generation and its model.")
public final class ServeMain implements Callable<Integer> {

  @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "workspace", description = "Workspace (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "7070", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeMain());
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("stillwater serve: " + ex.getMessage() + " (see 'stillwater serve --help')");
      return CommandLine.ExitCode.USAGE;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Catalog catalog = CatalogLoader.loadDefault();
    LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(workspace),
        EmbeddedSlots.opener(workspace));
    ModelCache models = new ModelCache(workspace.resolve("models"));
    RecommendationService service = new RecommendationService(catalog, SearchFeatures.withSharedModel(catalog), reader, models);
    service.ready(); // load the live generation's model before the first request
    ApiServer server = new ApiServer(service, Clock.systemUTC()).start(host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      models.close();
      reader.close();
      stopped.countDown();
    }, "serve-shutdown"));
    System.err.println("stillwater serve: listening on http://" + host + ":" + server.port());
    stopped.await();
    return 0;
  }
}
