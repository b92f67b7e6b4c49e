package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobTest {
  @TempDir Path dir;

  @BeforeEach
  void tree() throws Exception {
    for (String f : List.of("a1.png", "a2.png", "b.jpg", ".hidden.png", "sub/c.png", "sub/deeper/d.png", "sub/e.txt")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
  }

  private List<String> expand(String pattern) {
    return Glob.expand(pattern, dir).stream().map(p -> dir.relativize(p).toString()).toList();
  }

  @Test
  void starAndQuestionMarkStayInOneDirectory() {
    assertThat(expand("*.png")).containsExactly("a1.png", "a2.png");
    assertThat(expand("a?.png")).containsExactly("a1.png", "a2.png");
    assertThat(expand("sub/*")).containsExactly("sub/c.png", "sub/e.txt");
  }

  @Test
  void characterClasses() {
    assertThat(expand("[ab]*")).containsExactly("a1.png", "a2.png", "b.jpg");
    assertThat(expand("a[2-9].png")).containsExactly("a2.png");
  }

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() {
    assertThat(expand("**/*.png")).containsExactly("a1.png", "a2.png", "sub/c.png", "sub/deeper/d.png");
    assertThat(expand("sub/**/*.png")).containsExactly("sub/c.png", "sub/deeper/d.png");
  }

  @Test
  void hiddenFilesOnlyWhenAskedFor() {
    assertThat(expand(".*.png")).containsExactly(".hidden.png");
  }

  @Test
  void absolutePatternsAndNoMatches() {
    assertThat(Glob.expand(dir.resolve("sub").toString() + "/*.png", Path.of("/nowhere"))).containsExactly(dir.resolve("sub/c.png"));
    assertThat(expand("*.gif")).isEmpty();
    assertThat(expand("missing/*.png")).isEmpty();
  }

  @Test
  void recognisesPatterns() {
    assertThat(Glob.isPattern("refs/*.png")).isTrue();
    assertThat(Glob.isPattern("refs/[ab].png")).isTrue();
    assertThat(Glob.isPattern("refs/a.png")).isFalse();
  }
}
