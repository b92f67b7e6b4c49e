package dev.darkroom.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritableDirsTest {

  @TempDir Path dir;

  @Test
  void acceptsAWritableDirectoryAndLeavesNoProbeBehind() throws IOException {
    Path result = WritableDirs.requireWritable(dir, false);

    assertThat(result).isEqualTo(dir.toAbsolutePath().normalize());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void createsMissingDirectoriesWhenAsked() {
    Path nested = dir.resolve("a/b/c");

    WritableDirs.requireWritable(nested, true);

    assertThat(nested).isDirectory();
  }

  @Test
  void rejectsAMissingDirectoryWhenNotAskedToCreateIt() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> WritableDirs.requireWritable(missing, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output directory " + missing.toAbsolutePath() + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void rejectsARegularFile() throws IOException {
    Path file = Files.writeString(dir.resolve("out"), "x");

    assertThatThrownBy(() -> WritableDirs.requireWritable(file, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output directory " + file.toAbsolutePath() + " exists but is a file");
  }

  /** A path under a regular file cannot be created, not even by root. */
  @Test
  void rejectsADirectoryThatCannotBeCreated() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    Path under = file.resolve("out");

    assertThatThrownBy(() -> WritableDirs.requireWritable(under, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("output directory " + under.toAbsolutePath() + " ")
        .hasMessageContaining("file")
        .hasCauseInstanceOf(IOException.class);
  }
}
