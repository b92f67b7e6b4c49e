package dev.darkroom.cli;

import dev.darkroom.history.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a recorded output file stands on disk now.
 *
 * @param bytes its size, or -1 when it is gone or was never saved
 * @param state {@code unchanged}, {@code changed} (its SHA-256 differs from the record), {@code missing},
 *     {@code unreadable} or {@code not saved}
 */
record FileCheck(long bytes, String state) {

  static FileCheck of(OutputFile file) {
    Optional<Path> path = file.path();
    if (path.isEmpty()) {
      return new FileCheck(-1, "not saved");
    }
    Path p = path.get();
    if (!Files.isRegularFile(p)) {
      return new FileCheck(-1, "missing");
    }
    try {
      long size = Files.size(p);
      return new FileCheck(size, sha256(p).equals(file.sha256()) ? "unchanged" : "changed");
    } catch (IOException e) {
      return new FileCheck(-1, "unreadable");
    }
  }

  /** The size the history recorded for {@code file}, else (rows from before sizes were kept) its size on disk now, else -1. */
  long recordedOrOnDisk(OutputFile file) {
    return file.sizeBytes().orElse(bytes);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
