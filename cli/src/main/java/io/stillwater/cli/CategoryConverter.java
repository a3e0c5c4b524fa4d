package io.stillwater.cli;

import io.stillwater.contract.catalog.Category;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;

/** Reads categories by their wire names ({@code sleep}, {@code focus}, ...). */
final class CategoryConverter implements CommandLine.ITypeConverter<Category> {

  @Override
  public Category convert(String value) {
    return Category.fromWireName(value)
        .orElseThrow(() -> new CommandLine.TypeConversionException(
            "unknown category '" + value + "', expected one of " + String.join(", ", new Names())));
  }

  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Category.values()).map(Category::wireName).iterator();
    }
  }
}
