package dev.darkroom.internal.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesTheDesiredNameWhenFree() throws IOException {
    Path written = AtomicFiles.writeNew(dir.resolve("output.png"), bytes("one"), false);

    assertThat(written).isEqualTo(dir.resolve("output.png"));
    assertThat(Files.readString(written)).isEqualTo("one");
    assertThat(listing()).containsExactly("output.png");
  }

  @Test
  void numbersInsteadOfReplacing() throws IOException {
    Path desired = dir.resolve("output.png");

    Path first = AtomicFiles.writeNew(desired, bytes("one"), false);
    Path second = AtomicFiles.writeNew(desired, bytes("two"), false);
    Path third = AtomicFiles.writeNew(desired, bytes("three"), false);

    assertThat(List.of(first, second, third))
        .containsExactly(desired, dir.resolve("output-1.png"), dir.resolve("output-2.png"));
    assertThat(Files.readString(first)).isEqualTo("one");
    assertThat(Files.readString(second)).isEqualTo("two");
    assertThat(Files.readString(third)).isEqualTo("three");
    assertThat(listing()).containsExactly("output-1.png", "output-2.png", "output.png");
  }

  @Test
  void numbersNamesWithoutExtensionAndSkipsTakenNumbers() throws IOException {
    Files.writeString(dir.resolve("notes"), "old");
    Files.writeString(dir.resolve("notes-1"), "old");
    Files.createDirectory(dir.resolve("notes-2"));

    Path written = AtomicFiles.writeNew(dir.resolve("notes"), bytes("new"), false);

    assertThat(written).isEqualTo(dir.resolve("notes-3"));
  }

  @Test
  void overwriteReplacesAtomically() throws IOException {
    Path desired = dir.resolve("output.png");
    Files.writeString(desired, "old");

    Path written = AtomicFiles.writeNew(desired, bytes("new"), true);

    assertThat(written).isEqualTo(desired);
    assertThat(Files.readString(desired)).isEqualTo("new");
    assertThat(listing()).containsExactly("output.png");
  }

  @Test
  void overwriteRefusesToReplaceADirectory() throws IOException {
    Path desired = Files.createDirectory(dir.resolve("output.png"));

    assertThatThrownBy(() -> AtomicFiles.writeNew(desired, bytes("new"), true))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("is a directory");
    assertThat(listing()).containsExactly("output.png");
  }

  @Test
  void streamsFromAnInputStreamAndAWriter() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    Arrays.fill(big, (byte) 7);

    Path fromStream = AtomicFiles.writeNew(dir.resolve("a.bin"), new ByteArrayInputStream(big), false);
    Path fromWriter =
        AtomicFiles.writeNew(
            dir.resolve("b.bin"),
            out -> {
              for (int i = 0; i < 1000; i++) {
                out.write(i & 0xFF);
              }
              out.close(); // must not break the write
            },
            false);

    assertThat(Files.readAllBytes(fromStream)).isEqualTo(big);
    assertThat(Files.size(fromWriter)).isEqualTo(1000);
    assertThat(listing()).containsExactly("a.bin", "b.bin");
  }

  @Test
  void writerFailureLeavesNeitherTempNorTarget() throws IOException {
    AtomicFiles.ContentWriter failing =
        out -> {
          out.write(bytes("partial"));
          throw new IOException("disk on fire");
        };

    assertThatThrownBy(() -> AtomicFiles.writeNew(dir.resolve("out.png"), failing, false))
        .isInstanceOf(IOException.class)
        .hasMessage("disk on fire");
    assertThatThrownBy(() -> AtomicFiles.writeNew(dir.resolve("out.png"), failing, true))
        .isInstanceOf(IOException.class);
    assertThat(listing()).isEmpty();
  }

  @Test
  void uncheckedWriterFailureAlsoCleansUp() throws IOException {
    Files.writeString(dir.resolve("out.png"), "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.writeNew(
                    dir.resolve("out.png"),
                    out -> {
                      throw new UncheckedIOException(new IOException("boom"));
                    },
                    true))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(listing()).containsExactly("out.png");
    assertThat(Files.readString(dir.resolve("out.png"))).isEqualTo("old");
  }

  @Test
  void missingDirectoryFailsWithoutLeavingAnything() throws IOException {
    Path desired = dir.resolve("missing").resolve("out.png");

    assertThatThrownBy(() -> AtomicFiles.writeNew(desired, bytes("x"), false))
        .isInstanceOf(IOException.class);
    assertThat(listing()).isEmpty();
  }

  @Test
  void tempFileLivesBesideTheTargetWithAHiddenName() throws IOException {
    List<String> seen = new ArrayList<>();

    AtomicFiles.writeNew(dir.resolve("out.png"), out -> seen.addAll(listing()), false);

    assertThat(seen).singleElement().asString().matches("\\.out\\.png\\.[0-9a-z]+\\.tmp");
  }

  @Test
  void concurrentWritersOfOneNameEachGetTheirOwnCompleteFile() throws Exception {
    int writers = 16;
    Path desired = dir.resolve("output.png");
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        byte[] content = payload(i);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return AtomicFiles.writeNew(desired, content, false);
                }));
      }
      start.countDown();
      Set<Path> written = new HashSet<>();
      for (Future<Path> result : results) {
        written.add(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(written).hasSize(writers);
      Set<Integer> writersSeen = new HashSet<>();
      for (Path path : written) {
        byte[] data = Files.readAllBytes(path);
        int writer = data[0];
        assertThat(data).as(path.toString()).isEqualTo(payload(writer));
        writersSeen.add(writer);
      }
      assertThat(writersSeen).hasSize(writers);
      assertThat(listing()).hasSize(writers).noneMatch(name -> name.endsWith(".tmp"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nextFreePathReportsWithoutWriting() throws IOException {
    Path desired = dir.resolve("output.png");
    assertThat(AtomicFiles.nextFreePath(desired)).isEqualTo(desired);

    Files.writeString(desired, "x");
    Files.writeString(dir.resolve("output-1.png"), "x");

    assertThat(AtomicFiles.nextFreePath(desired)).isEqualTo(dir.resolve("output-2.png"));
    assertThat(listing()).hasSize(2);
  }

  private static byte[] payload(int writer) {
    byte[] data = new byte[256 * 1024];
    Arrays.fill(data, (byte) writer);
    return data;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
