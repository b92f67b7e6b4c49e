package dev.darkroom.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Inserts a PNG {@code tEXt} chunk (Latin-1) or {@code iTXt} chunk (UTF-8) right after {@code IHDR}. */
public final class PngTextChunk {
  private PngTextChunk() {}

  /**
   * A copy of {@code png} carrying {@code key=text}: a {@code tEXt} chunk when the text is Latin-1, else an
   * uncompressed {@code iTXt} chunk, as PIL writes them.
   */
  public static byte[] insert(byte[] png, String key, String text) {
    boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(text);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
    data.write(0);
    if (latin1) {
      data.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    } else {
      data.write(0); // compression flag
      data.write(0); // compression method
      data.write(0); // empty language tag
      data.write(0); // empty translated keyword
      data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = data.toByteArray();
    byte[] type = (latin1 ? "tEXt" : "iTXt").getBytes(StandardCharsets.ISO_8859_1);
    int ihdrEnd = 8 + 4 + 4 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + body.length + 12);
    out.write(png, 0, ihdrEnd);
    writeInt(out, body.length);
    out.writeBytes(type);
    out.writeBytes(body);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(body);
    writeInt(out, (int) crc.getValue());
    out.write(png, ihdrEnd, png.length - ihdrEnd);
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
