package dev.darkroom.history;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A reference image of a recorded request: where it came from and the digest of what was sent. */
public final class StoredInput {
  /** How the image was given. */
  public enum Kind {
    /** A file; {@link #path()} is its absolute path. */
    FILE,
    /** An http(s) URL, downloaded when the request was sent. */
    URL,
    /** Bytes or an image in memory; not kept, so such a request cannot be rebuilt. */
    IN_MEMORY
  }

  private final Kind kind;
  private final String source;
  private final @Nullable Path path;
  private final String sha256;

  StoredInput(Kind kind, String source, @Nullable Path path, String sha256) {
    this.kind = Objects.requireNonNull(kind);
    this.source = Objects.requireNonNull(source);
    this.path = path;
    this.sha256 = Objects.requireNonNull(sha256);
  }

  public Kind kind() {
    return kind;
  }

  /** The input as the caller named it: a path as given, a URL, or a description such as "bytes (812 B)". */
  public String source() {
    return source;
  }

  /** The absolute path of a {@link Kind#FILE} input. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Lower-case hex SHA-256 of the input as given (before any downscaling); empty when unknown. */
  public String sha256() {
    return sha256;
  }

  @Override
  public String toString() {
    return "StoredInput{" + kind + ", " + (path != null ? path : source) + "}";
  }
}
