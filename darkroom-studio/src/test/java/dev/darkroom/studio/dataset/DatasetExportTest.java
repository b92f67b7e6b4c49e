package dev.darkroom.studio.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetExportTest {
  @TempDir Path dir;

  @Test
  void kohyaFolderHoldsNumberedCopiesWithCaptionsAndSkipsDuplicatesSmallAndBrokenImages() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    image(src.resolve("a.png"), "png", 1024, 1024, Color.RED);
    Files.writeString(src.resolve("a.txt"), "a blurry\nhand with six fingers\n");
    image(src.resolve("b.jpg"), "jpg", 1216, 832, Color.BLUE);
    Files.copy(src.resolve("a.png"), src.resolve("c-copy.png"));
    image(src.resolve("d.png"), "png", 640, 300, Color.GREEN);
    Files.writeString(src.resolve("e.png"), "not a png");
    Files.writeString(src.resolve("notes.md"), "ignored");
    Map<Path, byte[]> before = snapshot(src);

    DatasetSummary s = DatasetExport.builder().directory(dir.resolve("train")).name("wrong").repeats(10)
        .trigger("wrong").minSize(512).build().export(DatasetSources.fromFolder(src));

    Path images = dir.resolve("train/10_wrong");
    assertThat(s.imageDirectory()).isEqualTo(images);
    assertThat(s.candidates()).isEqualTo(5);
    assertThat(names(images)).containsExactly("0001.png", "0001.txt", "0002.jpg", "0002.txt");
    assertThat(Files.readString(images.resolve("0001.txt"))).isEqualTo("wrong, a blurry hand with six fingers");
    assertThat(Files.readString(images.resolve("0002.txt"))).as("no prompt known: the trigger alone").isEqualTo("wrong");
    assertThat(Files.readAllBytes(images.resolve("0001.png"))).isEqualTo(before.get(src.resolve("a.png")));
    assertThat(s.withoutPrompt()).isEqualTo(1);
    assertThat(s.skipped(SkippedImage.Reason.DUPLICATE)).isEqualTo(1);
    assertThat(s.skipped(SkippedImage.Reason.TOO_SMALL)).isEqualTo(1);
    assertThat(s.skipped(SkippedImage.Reason.UNREADABLE)).isEqualTo(1);
    assertThat(s.skipped()).extracting(SkippedImage::detail)
        .containsExactly("same bytes as 0001.png", "640x300, under 512 px", "not a readable image");
    assertThat(s.buckets()).containsExactly(Map.entry("1024x1024", 1), Map.entry("1216x832", 1));
    assertThat(s.images().get(0).captionFile()).contains(images.resolve("0001.txt"));
    assertThat(snapshot(src)).as("sources untouched").containsOnlyKeys(before.keySet());
    before.forEach((p, bytes) -> assertThat(readUnchecked(p)).as(p.toString()).isEqualTo(bytes));
  }

  @Test
  void diffusersFolderHasMetadataJsonlWithTemplateCaptions() throws IOException {
    Path a = image(dir.resolve("a.png"), "png", 768, 1344, Color.RED);
    Path b = image(dir.resolve("b.png"), "png", 1344, 768, Color.BLUE);
    List<DatasetItem> items = List.of(DatasetItem.of(a, "a cat,\nsmudged", "history 1"), DatasetItem.of(b, null, "history 2"));

    DatasetSummary s = DatasetExport.builder().directory(dir.resolve("out")).format(DatasetFormat.DIFFUSERS).name("wrong")
        .template("a photo of {name}, {prompt}").build().export(items);

    Path out = dir.resolve("out");
    assertThat(names(out)).containsExactly("0001.png", "0002.png", "metadata.jsonl");
    assertThat(s.metadataFile()).contains(out.resolve("metadata.jsonl"));
    List<String> lines = Files.readAllLines(out.resolve("metadata.jsonl"));
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(lines).hasSize(2);
    assertThat(first.get("file_name").asText()).isEqualTo("0001.png");
    assertThat(first.get("text").asText()).isEqualTo("a photo of wrong, a cat, smudged");
    assertThat(json.readTree(lines.get(1)).get("text").asText()).as("no dangling comma").isEqualTo("a photo of wrong");
    assertThat(s.images()).extracting(ExportedImage::bucket).containsExactly("768x1344", "1344x768");
    assertThat(s.images().get(0).captionFile()).isEmpty();
  }

  @Test
  void refusesAFolderThatAlreadyHoldsFilesAndLeavesItAlone() throws IOException {
    Path a = image(dir.resolve("a.png"), "png", 64, 64, Color.RED);
    Path images = Files.createDirectories(dir.resolve("train/1_dataset"));
    Files.writeString(images.resolve("0001.txt"), "mine");
    DatasetExport export = DatasetExport.builder().directory(dir.resolve("train")).build();

    assertThatThrownBy(() -> export.export(List.of(DatasetItem.of(a, "x", "a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds 1 file")
        .hasMessageContaining("never overwrites");
    assertThat(names(images)).containsExactly("0001.txt");
    assertThat(Files.readString(images.resolve("0001.txt"))).isEqualTo("mine");
  }

  @Test
  void missingFilesAreCountedNotFatal() throws IOException {
    DatasetSummary s = DatasetExport.builder().directory(dir.resolve("t")).build()
        .export(List.of(DatasetItem.of(dir.resolve("gone.png"), "p", "history 9")));

    assertThat(s.images()).isEmpty();
    assertThat(s.skipped()).singleElement().satisfies(k -> {
      assertThat(k.reason()).isEqualTo(SkippedImage.Reason.UNREADABLE);
      assertThat(k.detail()).isEqualTo("file not found");
      assertThat(k.source()).isEqualTo("history 9");
    });
    assertThat(dir.resolve("t")).doesNotExist();
  }

  @Test
  void badSettingsFailAtBuildNamingTheValue() {
    assertThatThrownBy(() -> DatasetExport.builder().repeats(0)).hasMessageContaining("repeats 0");
    assertThatThrownBy(() -> DatasetExport.builder().name("../x")).hasMessageContaining("'../x'");
    assertThatThrownBy(() -> DatasetExport.builder().minSize(-1)).hasMessageContaining("minSize -1");
    assertThatThrownBy(() -> DatasetExport.builder().directory(dir).template("{name} {style}").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{style}");
    assertThatThrownBy(() -> DatasetFormat.parse("webdataset")).hasMessageContaining("kohya, diffusers");
    assertThatThrownBy(() -> DatasetSources.fromFolder(dir.resolve("nope"))).hasMessageContaining("does not exist");
  }

  @Test
  void triggerIsNotRepeatedAndBucketsRoundToTheNearestRatio() {
    CaptionTemplate t = new CaptionTemplate(null, "wrong", "wrong");
    assertThat(t.caption("Wrong hands, blurry")).isEqualTo("Wrong hands, blurry");
    assertThat(t.caption("wrongly lit room")).isEqualTo("wrong, wrongly lit room");
    assertThat(SdxlBuckets.nearest(1920, 1080)).isEqualTo("1344x768");
    assertThat(SdxlBuckets.nearest(1000, 1100)).isEqualTo("1024x1024");
    assertThat(SdxlBuckets.nearest(512, 768)).isEqualTo("832x1216");
    assertThat(SdxlBuckets.nearest(300, 1200)).isEqualTo("640x1536");
  }

  private static Path image(Path file, String format, int w, int h, Color color) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w / 2, h);
    g.dispose();
    ImageIO.write(image, format, file.toFile());
    return file;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.collect(java.util.stream.Collectors.toMap(p -> p, DatasetExportTest::readUnchecked));
    }
  }

  private static byte[] readUnchecked(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
