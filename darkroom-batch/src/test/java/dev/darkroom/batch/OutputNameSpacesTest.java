package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 (cosmetic): placeholder values with spaces make file names with {@code -}, as the README promises. */
class OutputNameSpacesTest {

  @Test
  void spacesInPlaceholderValuesBecomeDashes(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-2.5-flash-image
        jobs:
          - prompt: "A {subject} in a {style} style"
            matrix:
              subject: ["red  fox"]
              style: [pixel art]
            output: "my {subject}-{style}.png"
        """);

    BatchPlan plan = JobFile.plan(dir.resolve("jobs.yaml"), ModelCatalog.builtIn());

    assertThat(plan.jobs()).hasSize(1);
    assertThat(plan.jobs().get(0).output().getFileName().toString()).isEqualTo("my red-fox-pixel-art.png");
    assertThat(plan.jobs().get(0).request().prompt()).isEqualTo("A red  fox in a pixel art style");
  }
}
