package io.stillwater.pipelines.features;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where workers get the catalog: the shipped one, or a replacement file. Serializable, so DoFns carry the
 * location and load the catalog in their setup instead of shipping it around.
 */
public record CatalogSource(String file) implements Serializable {

  public static CatalogSource shipped() {
    return new CatalogSource(null);
  }

  public static CatalogSource of(Optional<Path> file) {
    return new CatalogSource(file.map(Path::toString).orElse(null));
  }

  public Catalog load() {
    return CatalogLoader.load(Optional.ofNullable(file).map(Path::of));
  }
}
