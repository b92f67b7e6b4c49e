package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {

  @Test
  void bothGenerationsSucceedAgainstTheStubAndLeaveNothingBehind(@TempDir Path parent) throws IOException {
    int status = StartupTraining.run(parent);

    assertThat(status).as("0 means the Flash and the Pro generate both succeeded").isZero();
    try (Stream<Path> left = Files.list(parent)) {
      assertThat(left).as("the training's temporary directory (history, images, native library) is deleted").isEmpty();
    }
  }

  @Test
  void aParentThatCannotHoldTheTemporaryDirectoryIsAFailureNotAnException(@TempDir Path parent) {
    assertThat(StartupTraining.run(parent.resolve("missing"))).isEqualTo(1);
  }
}
