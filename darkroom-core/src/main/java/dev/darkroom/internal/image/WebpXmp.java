package dev.darkroom.internal.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Embeds and reads XMP in WebP files (RIFF container, extended format).
 *
 * <p>Simple files ({@code VP8 } or {@code VP8L} only) are converted to the extended format by
 * prepending a {@code VP8X} chunk whose canvas size and alpha flag come from the bitstream header.
 * The {@code XMP } chunk goes last, as the container specification orders it. Image chunks are
 * copied unchanged.
 */
public final class WebpXmp {
  private static final int XMP_FLAG = 0x04;
  private static final int ALPHA_FLAG = 0x10;

  private WebpXmp() {}

  /**
   * Returns a copy of {@code webp} carrying {@code xmpPacket} in an {@code XMP } chunk, replacing
   * any existing one, with the {@code VP8X} XMP flag set and the RIFF size updated.
   *
   * @throws IllegalArgumentException if {@code webp} is not a well-formed WebP file
   */
  public static byte[] withXmp(byte[] webp, String xmpPacket) {
    List<Chunk> chunks = parse(webp);
    ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length + xmpPacket.length() + 64);
    out.write(webp, 0, 12);
    Chunk first = chunks.get(0);
    if (first.fourcc.equals("VP8X")) {
      if (first.size < 10) {
        throw new IllegalArgumentException("WebP VP8X chunk is too short: " + first.size + " bytes");
      }
      byte[] vp8x = new byte[first.size];
      System.arraycopy(webp, first.dataStart, vp8x, 0, first.size);
      vp8x[0] |= XMP_FLAG;
      writeChunk(out, "VP8X", vp8x);
    } else {
      ProbedImage size = ImageProbe.probe(webp);
      boolean alpha = first.fourcc.equals("VP8L")
          && (Bytes.u8(webp, first.dataStart + 4) & 0x10) != 0; // bit 28 of the VP8L header
      byte[] vp8x = new byte[10];
      vp8x[0] = (byte) (XMP_FLAG | (alpha ? ALPHA_FLAG : 0));
      Bytes.put24le(vp8x, 4, size.width() - 1);
      Bytes.put24le(vp8x, 7, size.height() - 1);
      writeChunk(out, "VP8X", vp8x);
    }
    for (int i = first.fourcc.equals("VP8X") ? 1 : 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      if (!chunk.fourcc.equals("XMP ")) {
        byte[] data = new byte[chunk.size];
        System.arraycopy(webp, chunk.dataStart, data, 0, chunk.size);
        writeChunk(out, chunk.fourcc, data);
      }
    }
    writeChunk(out, "XMP ", xmpPacket.getBytes(StandardCharsets.UTF_8));
    byte[] result = out.toByteArray();
    Bytes.put32le(result, 4, result.length - 8L);
    return result;
  }

  /** The XMP packet of the first {@code XMP } chunk, if any. */
  public static Optional<String> readXmp(byte[] webp) {
    for (Chunk chunk : parse(webp)) {
      if (chunk.fourcc.equals("XMP ")) {
        return Optional.of(new String(webp, chunk.dataStart, chunk.size, StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static void writeChunk(ByteArrayOutputStream out, String fourcc, byte[] data) {
    byte[] header = new byte[8];
    System.arraycopy(fourcc.getBytes(StandardCharsets.ISO_8859_1), 0, header, 0, 4);
    Bytes.put32le(header, 4, data.length);
    out.write(header, 0, 8);
    out.write(data, 0, data.length);
    if ((data.length & 1) != 0) {
      out.write(0);
    }
  }

  private static List<Chunk> parse(byte[] webp) {
    if (ImageFormat.sniff(webp).orElse(null) != ImageFormat.WEBP) {
      throw ImageFormat.sniff(webp)
          .map(f -> new IllegalArgumentException("expected a WebP image, got " + f))
          .orElseGet(() -> ImageFormat.unrecognized(webp));
    }
    long riffEnd = 8 + Bytes.u32le(webp, 4);
    if (riffEnd > webp.length) {
      throw new IllegalArgumentException("truncated WebP: RIFF header declares " + riffEnd
          + " bytes, file has " + webp.length);
    }
    List<Chunk> chunks = new ArrayList<>();
    int at = 12;
    while (at + 8 <= riffEnd) {
      String fourcc = Bytes.ascii(webp, at, 4);
      long size = Bytes.u32le(webp, at + 4);
      if (at + 8 + size > riffEnd) {
        throw new IllegalArgumentException("truncated WebP: chunk '" + fourcc + "' at offset "
            + at + " declares " + size + " bytes, only " + (riffEnd - at - 8) + " remain");
      }
      chunks.add(new Chunk(fourcc, at + 8, (int) size));
      at += 8 + (int) size + (int) (size & 1);
    }
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("WebP file has no chunks");
    }
    String first = chunks.get(0).fourcc;
    if (!first.equals("VP8 ") && !first.equals("VP8L") && !first.equals("VP8X")) {
      throw new IllegalArgumentException(
          "WebP starts with unknown chunk '" + first + "' (expected VP8, VP8L or VP8X)");
    }
    return chunks;
  }

  private record Chunk(String fourcc, int dataStart, int size) {}
}
