package dev.darkroom;

import dev.darkroom.internal.image.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One image returned by a provider: its encoded bytes exactly as received (unless a format
 * conversion was asked for), pixel size, and where it was saved.
 */
public final class GeneratedImage {
  private final byte[] bytes;
  private final String mimeType;
  private final int width;
  private final int height;
  private final boolean thought;
  private final @Nullable Path path;
  private final List<GridCell> cells;
  private volatile @Nullable String sha256;

  public GeneratedImage(byte[] bytes, String mimeType, int width, int height, boolean thought, @Nullable Path path, List<GridCell> cells) {
    this.bytes = bytes;
    this.mimeType = mimeType;
    this.width = width;
    this.height = height;
    this.thought = thought;
    this.path = path;
    this.cells = List.copyOf(cells);
  }

  /** A copy of the encoded image. Use {@link #openStream()} or {@link #writeTo} to avoid the copy. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public InputStream openStream() {
    return new ByteArrayInputStream(bytes);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  /** Size of the encoded image in bytes. */
  public int byteCount() {
    return bytes.length;
  }

  /** E.g. {@code image/png}. */
  public String mimeType() {
    return mimeType;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** True for an interim image the model drew while thinking; false for a final image. */
  public boolean isThought() {
    return thought;
  }

  /** Where the image was saved, when saving was requested. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Grid cells sliced from this image, row-major; empty unless the request had a grid. */
  public List<GridCell> cells() {
    return cells;
  }

  /** Lower-case hex SHA-256 of {@link #bytes()}. */
  public String sha256() {
    String s = sha256;
    if (s == null) {
      s = Digests.sha256Hex(bytes);
      sha256 = s;
    }
    return s;
  }

  byte[] rawBytes() {
    return bytes;
  }

  /** A copy with the bytes as written (provenance embedded), where they went, and grid cells. */
  GeneratedImage saved(byte[] written, @Nullable Path path, List<GridCell> cells) {
    return new GeneratedImage(written, mimeType, width, height, thought, path, cells);
  }

  @Override
  public String toString() {
    return "GeneratedImage{" + mimeType + ", " + width + "x" + height + (thought ? ", thought" : "")
        + (path != null ? ", " + path : "") + "}";
  }
}
