package io.stillwater.trainer.s3;

import java.util.Objects;

/**
 * A place in S3 written as {@code s3://bucket/prefix} (the form of STILLWATER_MODELS and STILLWATER_LAKE on AWS):
 * a bucket and a key prefix without leading or trailing slashes (empty for the bucket's root).
 */
public record S3Location(String bucket, String prefix) {

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
  }

  /** Whether {@code location} names S3 rather than a local path. */
  public static boolean isS3(String location) {
    return location != null && location.startsWith("s3://");
  }

  /**
   * Parses {@code s3://bucket[/prefix]}.
   *
   * @param field the option or variable it came from, named in the error
   * @throws IllegalArgumentException naming {@code field} when it is not such a URI
   */
  public static S3Location parse(String field, String uri) {
    if (!isS3(uri)) {
      throw new IllegalArgumentException(field + ": not an s3://bucket/prefix location: '" + uri + "'");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
    if (bucket.isEmpty() || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(field + ": '" + bucket + "' is not an S3 bucket name (in '" + uri + "')");
    }
    return new S3Location(bucket, prefix);
  }

  /** The key of {@code relative} (slash-separated) under this prefix. */
  public String key(String relative) {
    String r = trimSlashes(relative);
    return prefix.isEmpty() ? r : r.isEmpty() ? prefix : prefix + "/" + r;
  }

  /** The location {@code name} below this one. */
  public S3Location child(String name) {
    return new S3Location(bucket, key(name));
  }

  /** Prefix for listing what is below this location: its key with a trailing slash. */
  public String listPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
