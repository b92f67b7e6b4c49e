package dev.darkroom.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutputNamesTest {

  @TempDir Path dir;

  @Test
  void suffixGoesBeforeTheExtension() {
    assertThat(OutputNames.withSuffix(Path.of("out.png"), "-r1c2")).isEqualTo(Path.of("out-r1c2.png"));
    assertThat(OutputNames.withSuffix(Path.of("a/b/out.tar.gz"), "-1"))
        .isEqualTo(Path.of("a/b/out.tar-1.gz"));
    assertThat(OutputNames.withSuffix(Path.of("README"), "-1")).isEqualTo(Path.of("README-1"));
    assertThat(OutputNames.withSuffix(Path.of(".env"), "-1")).isEqualTo(Path.of(".env-1"));
  }

  @Test
  void suffixMayNotAddDirectories() {
    assertThatThrownBy(() -> OutputNames.withSuffix(Path.of("out.png"), "/../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid suffix '/../x': must not contain path separators or control characters");
  }

  @Test
  void extensionIsReplacedAddedOrRemoved() {
    assertThat(OutputNames.withExtension(Path.of("dir/out.png"), "webp"))
        .isEqualTo(Path.of("dir/out.webp"));
    assertThat(OutputNames.withExtension(Path.of("out"), ".jpg")).isEqualTo(Path.of("out.jpg"));
    assertThat(OutputNames.withExtension(Path.of("out.png"), "")).isEqualTo(Path.of("out"));
    assertThatThrownBy(() -> OutputNames.withExtension(Path.of("out.png"), "tar.gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tar.gz'");
  }

  @Test
  void numberedIsOneBasedAndPlainForASingleItem() {
    Path base = Path.of("shots/base.png");

    assertThat(OutputNames.numbered(base, 1, 1)).isEqualTo(base);
    assertThat(OutputNames.numbered(base, 1, 3)).isEqualTo(Path.of("shots/base-1.png"));
    assertThat(OutputNames.numbered(base, 3, 3)).isEqualTo(Path.of("shots/base-3.png"));
    assertThatThrownBy(() -> OutputNames.numbered(base, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid index 0 of 3: expected 1 <= index <= total");
    assertThatThrownBy(() -> OutputNames.numbered(base, 4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cat.png|cat.png",
        "a cat, smiling.png|a cat, smiling.png",
        "../../etc/passwd|_._etc_passwd",
        "dir/sub\\file.png|dir_sub_file.png",
        "what?<is>:this*|what__is__this_",
        "\"quoted\"|_quoted_",
        "  .hidden. |hidden",
        "a..b...png|a.b.png",
        "CON|_CON",
        "nul.txt|_nul.txt",
        "com1.tar.gz|_com1.tar.gz",
        "console.png|console.png",
        "caf\u00e9 \u732b.png|caf\u00e9 \u732b.png",
      })
  void sanitisesNames(String input, String expected) {
    assertThat(OutputNames.safeFileName(input)).isEqualTo(expected);
  }

  @Test
  void replacesControlCharacters() {
    assertThat(OutputNames.safeFileName("a\u0000b\nc\u007f.png")).isEqualTo("a_b_c_.png");
  }

  @Test
  void shortensLongNamesKeepingTheExtension() {
    String safe = OutputNames.safeFileName("x".repeat(300) + ".png");

    assertThat(safe).hasSize(OutputNames.MAX_FILE_NAME).endsWith("x.png");
  }

  @Test
  void doesNotSplitASurrogatePairWhenShortening() {
    String safe = OutputNames.safeFileName("x".repeat(115) + "\uD83D\uDE00\uD83D\uDE00.png");

    assertThat(safe).isEqualTo("x".repeat(115) + ".png");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "..", "...", ". . ."})
  void rejectsNamesWithNothingLeft(String input) {
    assertThatThrownBy(() -> OutputNames.safeFileName(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid file name '" + input + "'");
  }

  @Test
  void resolvesNamesAndSubdirectoriesInside() {
    Path base = dir.toAbsolutePath().normalize();

    assertThat(OutputNames.resolveInside(dir, "cat.png")).isEqualTo(base.resolve("cat.png"));
    assertThat(OutputNames.resolveInside(dir, "2026/cat.png")).isEqualTo(base.resolve("2026/cat.png"));
    assertThat(OutputNames.resolveInside(dir, "a/../b.png")).isEqualTo(base.resolve("b.png"));
    assertThat(OutputNames.resolveInside(dir, "./c.png")).isEqualTo(base.resolve("c.png"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "..", "a/../../b", "a/b/../../../c", ".", "a/..", "/etc/passwd"})
  void rejectsNamesThatEscapeTheDirectory(String name) {
    assertThatThrownBy(() -> OutputNames.resolveInside(dir, name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid output name '" + name + "': ")
        .hasMessageMatching(".*(escapes|must be relative to) the output directory .*");
  }

  @Test
  void rejectsAbsolutePathsEvenInsideTheDirectory() {
    String inside = dir.toAbsolutePath().resolve("x.png").toString();

    assertThatThrownBy(() -> OutputNames.resolveInside(dir, inside))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be relative");
  }

  @Test
  void rejectsEmptyNamesAndControlCharactersShowingThemReadably() {
    assertThatThrownBy(() -> OutputNames.resolveInside(dir, "cat\u0000.png"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid output name 'cat\\u0000.png': must be non-empty with no control characters");
    assertThatThrownBy(() -> OutputNames.resolveInside(dir, "a\n/../../b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutputNames.resolveInside(dir, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSanitisedNameAlwaysResolvesInside() {
    for (String hostile : new String[] {"../../x", "/abs", "a/../../b", "..\\..\\w", "C:\\x"}) {
      Path resolved = OutputNames.resolveInside(dir, OutputNames.safeFileName(hostile));

      assertThat(resolved.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
    }
  }
}
