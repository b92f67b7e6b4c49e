package dev.darkroom.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class NativeLibraryCacheTest {

  @Test
  void extractsTheDriversLibraryOnceUnderHome(@TempDir Path home) throws Exception {
    Optional<Path> first = NativeLibraryCache.extractTo(home);
    assertThat(first).isPresent();
    Path lib = first.get();
    assertThat(lib.getParent()).isEqualTo(home.resolve("native"));
    assertThat(lib.getFileName().toString()).contains(SQLiteJDBCLoader.getVersion());
    byte[] expected;
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
      expected = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(lib)).isEqualTo(expected);

    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(lib, old);
    assertThat(NativeLibraryCache.extractTo(home)).contains(lib);
    assertThat(Files.getLastModifiedTime(lib)).as("a present library is not written again").isEqualTo(old);
    try (var files = Files.list(home.resolve("native"))) {
      assertThat(files).as("no temporary file is left behind").containsExactly(lib);
    }
  }
}
