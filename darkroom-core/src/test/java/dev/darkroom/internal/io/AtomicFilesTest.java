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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void removesOnlyItsOwnTemporariesOlderThanTheThreshold() throws IOException {
    List<String> tempNames = new ArrayList<>();
    AtomicFiles.writeNew(dir.resolve("cat.png"), out -> {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(p -> tempNames.add(p.getFileName().toString()));
      }
      out.write(bytes("cat"));
    }, false);
    assertThat(tempNames).singleElement().satisfies(n -> assertThat(n).startsWith(".cat.png.").endsWith(".tmp"));
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    Path killed = aged(tempNames.get(0), now.minus(Duration.ofHours(2)));
    Path killedLongName = aged("." + "x".repeat(100) + ".1y2p0ij32e8e7.tmp", now.minus(Duration.ofDays(3)));
    Path writingNow = aged(".dog.png.k3j9x2m1q0z.tmp", now.minus(Duration.ofMinutes(5)));
    Path notOurs1 = aged("notes.tmp", now.minus(Duration.ofDays(3)));
    Path notOurs2 = aged(".dog.png.NOT-BASE36.tmp", now.minus(Duration.ofDays(3)));
    Path notOurs3 = aged(".dog.png.k3j9x2m1q0z.tmp.png", now.minus(Duration.ofDays(3)));
    Path notOurs4 = aged(".k3j9x2m1q0z.tmp", now.minus(Duration.ofDays(3)));

    List<Path> removed = AtomicFiles.removeStaleTemporaries(dir, Duration.ofHours(1), now);

    assertThat(removed).containsExactlyInAnyOrder(killed, killedLongName);
    assertThat(List.of(writingNow, notOurs1, notOurs2, notOurs3, notOurs4, dir.resolve("cat.png")))
        .allSatisfy(p -> assertThat(p).exists());
    assertThat(killed).doesNotExist();
    assertThat(AtomicFiles.removeStaleTemporaries(dir, Duration.ofHours(1), now)).isEmpty();
  }

  @Test
  void neverFollowsNorDeletesLinksNorEntersDirectories() throws IOException {
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path target = Files.writeString(elsewhere.resolve(".keep.png.abc123.tmp"), "not ours to delete");
    Files.setLastModifiedTime(target, FileTime.from(now.minus(Duration.ofDays(3))));
    Path scan = Files.createDirectories(dir.resolve("out"));
    Path link;
    try {
      link = Files.createSymbolicLink(scan.resolve(".link.png.abc123.tmp"), target);
    } catch (UnsupportedOperationException | IOException e) {
      link = null; // no symbolic links here (Windows without the privilege); the directory case still runs
    }
    Path subdir = Files.createDirectories(scan.resolve(".sub.png.abc123.tmp"));
    Path inside = Files.writeString(subdir.resolve(".inner.png.abc123.tmp"), "x");
    Files.setLastModifiedTime(inside, FileTime.from(now.minus(Duration.ofDays(3))));
    Files.setLastModifiedTime(subdir, FileTime.from(now.minus(Duration.ofDays(3))));

    assertThat(AtomicFiles.removeStaleTemporaries(scan, Duration.ofHours(1), now)).isEmpty();

    assertThat(target).hasContent("not ours to delete");
    if (link != null) {
      assertThat(Files.isSymbolicLink(link)).isTrue();
    }
    assertThat(inside).exists();
  }

  @Test
  void aMissingDirectoryHasNothingToRemoveAndANegativeAgeIsRefused() throws IOException {
    assertThat(AtomicFiles.removeStaleTemporaries(dir.resolve("not-yet"), Duration.ofHours(1))).isEmpty();
    assertThatThrownBy(() -> AtomicFiles.removeStaleTemporaries(dir, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("olderThan");
  }

  private Path aged(String name, Instant modified) throws IOException {
    Path p = Files.writeString(dir.resolve(name), "partial");
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }
}
