package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTextTest {
  private static final String UNICODE = "a fox 🦊 under 桜 in the rain — «café»";
  private final byte[] png = ImageCodec.encodePng(TestImages.alpha(64, 40));

  @Test
  void roundTripsLatin1AndUnicodeText() {
    LinkedHashMap<String, String> entries = new LinkedHashMap<>();
    entries.put("Title", "Café at dusk\nsecond line");
    entries.put("Description", UNICODE);

    byte[] tagged = PngText.withText(png, entries);

    assertThat(PngText.read(tagged))
        .containsExactly(entry("Title", "Café at dusk\nsecond line"), entry("Description", UNICODE));
    assertThat(chunkTypes(tagged)).containsSubsequence("IHDR", "tEXt", "iTXt", "IDAT", "IEND");
  }

  @Test
  void writesChunksByteForByteAsGolden() throws IOException {
    byte[] tagged = PngText.withText(png, List.of(
        new PngText.Entry("darkroom", "{\"prompt\":\"猫\"}", true),
        PngText.Entry.of("parameters", "a cat\nSteps: 1")));

    int at = firstIdat(png);
    byte[] inserted = Arrays.copyOfRange(tagged, at, at + tagged.length - png.length);
    assertThat(HexFormat.of().formatHex(inserted)).isEqualTo(golden("png-text-chunks.hex"));
  }

  @Test
  void forcedInternationalEntryIsItxtEvenForAscii() {
    byte[] tagged = PngText.withText(png, List.of(new PngText.Entry("darkroom", "{}", true)));

    assertThat(chunkTypes(tagged)).contains("iTXt").doesNotContain("tEXt");
    assertThat(PngText.read(tagged)).containsExactly(entry("darkroom", "{}"));
  }

  @Test
  void replacesExistingChunksWithTheSameKeyword() {
    byte[] first = PngText.withText(png, List.of(
        new PngText.Entry("darkroom", "old", true), PngText.Entry.of("Author", "me")));

    byte[] second = PngText.withText(first, List.of(PngText.Entry.of("darkroom", "new")));

    assertThat(PngText.read(second)).containsOnly(entry("darkroom", "new"), entry("Author", "me"));
    assertThat(chunkTypes(second).stream().filter(t -> t.endsWith("Xt") || t.equals("zTXt")))
        .hasSize(2);
  }

  @Test
  void pixelsAreUnchangedAndImageIoStillDecodes() {
    byte[] tagged = PngText.withText(png, List.of(new PngText.Entry("darkroom", UNICODE, true)));

    assertThat(TestImages.argb(ImageCodec.decode(tagged)))
        .isEqualTo(TestImages.argb(ImageCodec.decode(png)));
    assertThat(ImageProbe.probe(tagged)).isEqualTo(ImageProbe.probe(png));
  }

  @Test
  void readsCompressedChunksWrittenByOtherTools() throws IOException {
    byte[] ztxt = concat(latin1("Comment\0\0"), deflate(latin1("zipped Latin-1 ©")));
    byte[] itxt = concat(latin1("Prompt\0\1\0en\0Prompt\0"),
        deflate(UNICODE.getBytes(StandardCharsets.UTF_8)));
    byte[] tagged = insertBeforeIdat(png, chunk("zTXt", ztxt), chunk("iTXt", itxt));

    assertThat(PngText.read(tagged))
        .containsExactly(entry("Comment", "zipped Latin-1 ©"), entry("Prompt", UNICODE));
  }

  @Test
  void readsFromFileStreaming(@TempDir Path dir) throws IOException {
    byte[] large = ImageCodec.encodePng(TestImages.noise(800, 600, 3));
    Path file = Files.write(dir.resolve("large.png"),
        PngText.withText(large, List.of(new PngText.Entry("darkroom", UNICODE, true))));

    assertThat(PngText.read(file)).containsExactly(entry("darkroom", UNICODE));
  }

  @Test
  void validatesKeywords() {
    assertThatThrownBy(() -> PngText.Entry.of("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PNG keyword must be 1 to 79 characters, got 0");
    assertThatThrownBy(() -> PngText.Entry.of("k".repeat(80), "x"))
        .hasMessage("PNG keyword must be 1 to 79 characters, got 80");
    assertThatThrownBy(() -> PngText.Entry.of("プロンプト", "x"))
        .hasMessage("PNG keyword 'プロンプト' must contain only printable Latin-1 characters");
    assertThatThrownBy(() -> PngText.Entry.of(" lead", "x"))
        .hasMessage("PNG keyword ' lead' has leading, trailing or consecutive spaces");
    assertThatThrownBy(() -> PngText.Entry.of("k", "nul\0inside"))
        .hasMessage("text for PNG keyword 'k' contains a NUL character");
    assertThatThrownBy(() -> PngText.withText(png,
        List.of(PngText.Entry.of("k", "1"), PngText.Entry.of("k", "2"))))
        .hasMessage("PNG keyword 'k' given twice");
  }

  @Test
  void rejectsMalformedPngs() {
    byte[] jpeg = ImageCodec.encodeJpeg(TestImages.gradient(4, 4), 0.9f);
    byte[] tagged = PngText.withText(png, List.of(PngText.Entry.of("k", "value")));
    byte[] badCrc = tagged.clone();
    badCrc[firstIdat(png) + 8 + 2] ^= 1; // a byte of the text inside the inserted chunk

    assertThatThrownBy(() -> PngText.withText(jpeg, List.of(PngText.Entry.of("k", "v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a PNG image, got JPEG");
    assertThatThrownBy(() -> PngText.read(Arrays.copyOf(png, 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("truncated PNG");
    assertThatThrownBy(() -> PngText.withText(Arrays.copyOf(png, 40), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated PNG chunk");
    assertThatThrownBy(() -> PngText.read(badCrc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PNG tEXt chunk has a bad CRC");
  }

  static List<String> chunkTypes(byte[] png) {
    List<String> types = new ArrayList<>();
    for (int at = 8; at < png.length; at += 12 + (int) Bytes.u32be(png, at)) {
      types.add(Bytes.ascii(png, at + 4, 4));
    }
    return types;
  }

  private static int firstIdat(byte[] png) {
    int at = 8;
    while (!Bytes.ascii(png, at + 4, 4).equals("IDAT")) {
      at += 12 + (int) Bytes.u32be(png, at);
    }
    return at;
  }

  private static byte[] insertBeforeIdat(byte[] png, byte[]... chunks) {
    int at = firstIdat(png);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, at);
    for (byte[] chunk : chunks) {
      out.write(chunk, 0, chunk.length);
    }
    out.write(png, at, png.length - at);
    return out.toByteArray();
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] chunk = new byte[12 + data.length];
    Bytes.put32be(chunk, 0, data.length);
    System.arraycopy(latin1(type), 0, chunk, 4, 4);
    System.arraycopy(data, 0, chunk, 8, data.length);
    CRC32 crc = new CRC32();
    crc.update(chunk, 4, 4 + data.length);
    Bytes.put32be(chunk, 8 + data.length, crc.getValue());
    return chunk;
  }

  private static byte[] deflate(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater =
        new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
      deflater.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String golden(String name) throws IOException {
    try (InputStream in = PngTextTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }
}
