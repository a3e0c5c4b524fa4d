package io.stillwater.cli;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares: where its data lives and which catalog it uses. */
public final class WorkspaceOptions {

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      defaultValue = "workspace",
      description = "Root for the data commands read and write (default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description = "A content catalog (JSON) replacing the shipped one.")
  Optional<Path> catalog = Optional.empty();

  public Path workspace() {
    return workspace;
  }

  /** Where simulated and ingested raw event files land. */
  public Path eventsDir() {
    return workspace.resolve("events");
  }

  public Catalog loadCatalog() {
    return CatalogLoader.load(catalog);
  }
}
