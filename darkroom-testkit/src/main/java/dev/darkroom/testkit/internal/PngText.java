package dev.darkroom.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Adds and reads PNG {@code tEXt} chunks (keyword, NUL, Latin-1 text), placed right after
 * {@code IHDR} as Pillow's {@code PngInfo.add_text} writes them for ComfyUI's SaveImage.
 */
public final class PngText {
  private static final int SIGNATURE = 8;

  private PngText() {}

  /** A copy of {@code png} with one {@code tEXt} chunk per entry, in map order. */
  public static byte[] withText(byte[] png, Map<String, String> texts) {
    int ihdrEnd = SIGNATURE + 12 + ByteBuffer.wrap(png, SIGNATURE, 4).getInt();
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 1024);
    out.write(png, 0, ihdrEnd);
    for (Map.Entry<String, String> text : texts.entrySet()) {
      byte[] keyword = text.getKey().getBytes(StandardCharsets.ISO_8859_1);
      byte[] value = text.getValue().getBytes(StandardCharsets.ISO_8859_1);
      byte[] data = new byte[keyword.length + 1 + value.length];
      System.arraycopy(keyword, 0, data, 0, keyword.length);
      System.arraycopy(value, 0, data, keyword.length + 1, value.length);
      writeChunk(out, "tEXt", data);
    }
    out.write(png, ihdrEnd, png.length - ihdrEnd);
    return out.toByteArray();
  }

  /** The {@code tEXt} chunks of a PNG by keyword, in file order. */
  public static Map<String, String> read(byte[] png) {
    Map<String, String> texts = new LinkedHashMap<>();
    int at = SIGNATURE;
    while (at + 8 <= png.length) {
      int length = ByteBuffer.wrap(png, at, 4).getInt();
      String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
      if ("tEXt".equals(type)) {
        int start = at + 8;
        int nul = start;
        while (nul < start + length && png[nul] != 0) {
          nul++;
        }
        texts.put(new String(png, start, nul - start, StandardCharsets.ISO_8859_1),
            new String(png, nul + 1, start + length - nul - 1, StandardCharsets.ISO_8859_1));
      }
      at += 12 + length;
    }
    return texts;
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
