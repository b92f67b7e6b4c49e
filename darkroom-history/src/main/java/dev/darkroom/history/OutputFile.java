package dev.darkroom.history;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One image a recorded generation produced. The history keeps its path and digest, never its bytes:
 * compare {@link #sha256()} with the file to see whether it was changed since.
 */
public final class OutputFile {
  private final long id;
  private final @Nullable Long parentId;
  private final OutputKind kind;
  private final @Nullable Path path;
  private final String sha256;
  private final String mimeType;
  private final int width;
  private final int height;
  private final int gridRow;
  private final int gridCol;
  private final @Nullable Long sizeBytes;

  OutputFile(long id, @Nullable Long parentId, OutputKind kind, @Nullable Path path, String sha256, String mimeType,
      int width, int height, int gridRow, int gridCol, @Nullable Long sizeBytes) {
    this.id = id;
    this.parentId = parentId;
    this.kind = Objects.requireNonNull(kind);
    this.path = path;
    this.sha256 = Objects.requireNonNull(sha256);
    this.mimeType = Objects.requireNonNull(mimeType);
    this.width = width;
    this.height = height;
    this.gridRow = gridRow;
    this.gridCol = gridCol;
    this.sizeBytes = sizeBytes;
  }

  /** This file's row id in the history. */
  public long id() {
    return id;
  }

  /** For a {@link OutputKind#CELL}, the id of the grid image it was cut from. */
  public OptionalLong parentId() {
    return parentId == null ? OptionalLong.empty() : OptionalLong.of(parentId);
  }

  public OutputKind kind() {
    return kind;
  }

  /** Where the file was saved (absolute); empty when the image was kept in memory only. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Lower-case hex SHA-256 of the bytes as saved, provenance metadata included. */
  public String sha256() {
    return sha256;
  }

  /**
   * Size in bytes as saved, provenance metadata included; empty for files recorded before
   * Darkroom kept sizes (schema version 5), whose size only the file itself can tell.
   */
  public OptionalLong sizeBytes() {
    return sizeBytes == null ? OptionalLong.empty() : OptionalLong.of(sizeBytes);
  }

  /** E.g. {@code image/png}. */
  public String mimeType() {
    return mimeType;
  }

  /** Width in pixels; 0 when the image could not be measured. */
  public int width() {
    return width;
  }

  /** Height in pixels; 0 when the image could not be measured. */
  public int height() {
    return height;
  }

  /** 1-based grid row of a {@link OutputKind#CELL}; 0 otherwise. */
  public int gridRow() {
    return gridRow;
  }

  /** 1-based grid column of a {@link OutputKind#CELL}; 0 otherwise. */
  public int gridCol() {
    return gridCol;
  }

  @Override
  public String toString() {
    return "OutputFile{" + kind + (gridRow > 0 ? " r" + gridRow + "c" + gridCol : "") + ", " + width + "x" + height
        + ", " + (path != null ? path : "(not saved)") + ", sha256=" + sha256.substring(0, Math.min(12, sha256.length())) + "}";
  }
}
