package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

  @Test
  void matchesKnownSha256Vector() {
    assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void streamingFileDigestEqualsInMemoryDigest(@TempDir Path dir) throws IOException {
    byte[] bytes = ImageCodec.encodeWebpLossless(TestImages.noise(300, 300, 7));
    Path file = Files.write(dir.resolve("noise.webp"), bytes);

    assertThat(Digests.sha256Hex(file)).isEqualTo(Digests.sha256Hex(bytes)).hasSize(64);
  }
}
