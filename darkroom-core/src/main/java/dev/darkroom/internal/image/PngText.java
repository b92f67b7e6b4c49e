package dev.darkroom.internal.image;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Writes and reads PNG text chunks ({@code tEXt}, {@code zTXt}, {@code iTXt}), the key/value
 * metadata that image viewers, exiftool and Stable Diffusion UIs display.
 *
 * <p>Written chunks go just before the first {@code IDAT}; text that is not printable Latin-1 goes
 * into an uncompressed UTF-8 {@code iTXt} chunk. Pixel data is never touched.
 */
public final class PngText {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  /** Inflated text larger than this is rejected, so a tiny zTXt cannot exhaust memory. */
  private static final int MAX_INFLATED = 64 * 1024 * 1024;

  private PngText() {}

  /**
   * One text entry to write.
   *
   * @param keyword 1 to 79 printable Latin-1 characters, no leading, trailing or double spaces
   * @param text any text without NUL characters; may be empty
   * @param forceInternational write {@code iTXt} even if {@code tEXt} could hold the text
   */
  public record Entry(String keyword, String text, boolean forceInternational) {
    public Entry {
      validateKeyword(keyword);
      if (text.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "text for PNG keyword '" + keyword + "' contains a NUL character");
      }
    }

    /** An entry written as {@code tEXt} when possible. */
    public static Entry of(String keyword, String text) {
      return new Entry(keyword, text, false);
    }
  }

  /** Same as {@link #withText(byte[], List)} with no entry forced to {@code iTXt}. */
  public static byte[] withText(byte[] png, LinkedHashMap<String, String> entries) {
    List<Entry> list = new ArrayList<>();
    entries.forEach((keyword, text) -> list.add(Entry.of(keyword, text)));
    return withText(png, list);
  }

  /**
   * Returns a copy of {@code png} with the given text entries, in order, inserted before the first
   * {@code IDAT}. Existing text chunks with the same keywords (compared exactly) are removed
   * wherever they are; other chunks are copied byte for byte.
   *
   * @throws IllegalArgumentException if {@code png} is not a well-formed PNG, or keywords repeat
   */
  public static byte[] withText(byte[] png, List<Entry> entries) {
    Set<String> keywords = new HashSet<>();
    for (Entry entry : entries) {
      if (!keywords.add(entry.keyword())) {
        throw new IllegalArgumentException("PNG keyword '" + entry.keyword() + "' given twice");
      }
    }
    requireSignature(png);
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 1024);
    out.write(png, 0, SIGNATURE.length);
    boolean inserted = false;
    boolean ended = false;
    int at = SIGNATURE.length;
    while (!ended) {
      Bytes.require(png, at, 12, "PNG chunk");
      long length = Bytes.u32be(png, at);
      String type = Bytes.ascii(png, at + 4, 4);
      if (length > Integer.MAX_VALUE - 12) {
        throw new IllegalArgumentException("PNG chunk " + type + " has impossible length " + length);
      }
      int total = 12 + (int) length;
      Bytes.require(png, at, total, "PNG chunk " + type);
      if (!inserted && (type.equals("IDAT") || type.equals("IEND"))) {
        if (type.equals("IEND")) {
          throw new IllegalArgumentException("PNG has no IDAT chunk");
        }
        for (Entry entry : entries) {
          writeChunk(out, entry);
        }
        inserted = true;
      }
      boolean replaced = isText(type)
          && keywords.contains(keywordOf(png, at + 8, (int) length, type));
      if (!replaced) {
        out.write(png, at, total);
      }
      ended = type.equals("IEND");
      at += total;
    }
    return out.toByteArray();
  }

  /**
   * Reads all text chunks in file order; for a keyword that appears twice the first value wins.
   * {@code zTXt} and compressed {@code iTXt} are inflated.
   *
   * @throws IllegalArgumentException if {@code png} is not a well-formed PNG or a text chunk is
   *     corrupt (bad CRC, bad compression)
   */
  public static Map<String, String> read(byte[] png) {
    try {
      return read(new ByteArrayInputStream(png));
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated PNG", e);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
  }

  /**
   * Reads all text chunks of a PNG file, streaming: image data is skipped, not loaded.
   *
   * @throws IllegalArgumentException if the file is not a well-formed PNG or is truncated
   * @throws IOException if the file cannot be read
   */
  public static Map<String, String> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(new BufferedInputStream(in));
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated PNG: " + file, e);
    }
  }

  private static Map<String, String> read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] signature = in.readNBytes(SIGNATURE.length);
    requireSignature(signature);
    Map<String, String> texts = new LinkedHashMap<>();
    while (true) {
      long length = in.readInt() & 0xFFFFFFFFL;
      byte[] typeBytes = new byte[4];
      in.readFully(typeBytes);
      String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
      if (length > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("PNG chunk " + type + " has impossible length " + length);
      }
      if (type.equals("IEND")) {
        return texts;
      }
      if (!isText(type)) {
        in.skipNBytes(length + 4);
        continue;
      }
      byte[] data = new byte[(int) length];
      in.readFully(data);
      long crc = in.readInt() & 0xFFFFFFFFL;
      CRC32 expected = new CRC32();
      expected.update(typeBytes);
      expected.update(data);
      if (expected.getValue() != crc) {
        throw new IllegalArgumentException("PNG " + type + " chunk has a bad CRC");
      }
      String keyword = keywordOf(data, 0, data.length, type);
      texts.putIfAbsent(keyword, textOf(data, type, keyword));
    }
  }

  private static boolean isText(String type) {
    return type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt");
  }

  private static String keywordOf(byte[] b, int offset, int length, String type) {
    int nul = indexOfNul(b, offset, offset + Math.min(length, 80));
    if (nul < 0) {
      throw new IllegalArgumentException("PNG " + type + " chunk has no keyword terminator");
    }
    return new String(b, offset, nul - offset, StandardCharsets.ISO_8859_1);
  }

  private static String textOf(byte[] data, String type, String keyword) {
    int at = keyword.length() + 1;
    String what = "PNG " + type + " chunk '" + keyword + "'";
    switch (type) {
      case "tEXt":
        return new String(data, at, data.length - at, StandardCharsets.ISO_8859_1);
      case "zTXt":
        Bytes.require(data, at, 1, what);
        return new String(inflate(data, at + 1, what), StandardCharsets.ISO_8859_1);
      default: {
        Bytes.require(data, at, 2, what);
        boolean compressed = data[at] != 0;
        int language = at + 2;
        int languageEnd = indexOfNul(data, language, data.length);
        int translatedEnd = languageEnd < 0 ? -1 : indexOfNul(data, languageEnd + 1, data.length);
        if (translatedEnd < 0) {
          throw new IllegalArgumentException(what + " is missing its language or translated keyword");
        }
        int textStart = translatedEnd + 1;
        byte[] text = compressed
            ? inflate(data, textStart, what)
            : Arrays.copyOfRange(data, textStart, data.length);
        return new String(text, StandardCharsets.UTF_8);
      }
    }
  }

  private static byte[] inflate(byte[] data, int offset, String what) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data, offset, data.length - offset);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException(what + " has truncated compressed text");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new IllegalArgumentException(
              what + " inflates to more than " + MAX_INFLATED + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalArgumentException(what + " has corrupt compressed text", e);
    } finally {
      inflater.end();
    }
  }

  private static void writeChunk(ByteArrayOutputStream out, Entry entry) {
    byte[] keyword = entry.keyword().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    String type;
    data.write(keyword, 0, keyword.length);
    data.write(0);
    if (!entry.forceInternational() && isPrintableLatin1(entry.text(), true)) {
      type = "tEXt";
      byte[] text = entry.text().getBytes(StandardCharsets.ISO_8859_1);
      data.write(text, 0, text.length);
    } else {
      type = "iTXt";
      data.write(0); // not compressed
      data.write(0); // compression method
      data.write(0); // empty language tag
      data.write(0); // empty translated keyword
      byte[] text = entry.text().getBytes(StandardCharsets.UTF_8);
      data.write(text, 0, text.length);
    }
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = data.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(body);
    byte[] header = new byte[8];
    Bytes.put32be(header, 0, body.length);
    System.arraycopy(typeBytes, 0, header, 4, 4);
    byte[] trailer = new byte[4];
    Bytes.put32be(trailer, 0, crc.getValue());
    out.write(header, 0, 8);
    out.write(body, 0, body.length);
    out.write(trailer, 0, 4);
  }

  private static void validateKeyword(String keyword) {
    if (keyword.isEmpty() || keyword.length() > 79) {
      throw new IllegalArgumentException(
          "PNG keyword must be 1 to 79 characters, got " + keyword.length());
    }
    if (!isPrintableLatin1(keyword, false)) {
      throw new IllegalArgumentException(
          "PNG keyword '" + keyword + "' must contain only printable Latin-1 characters");
    }
    if (keyword.startsWith(" ") || keyword.endsWith(" ") || keyword.contains("  ")) {
      throw new IllegalArgumentException(
          "PNG keyword '" + keyword + "' has leading, trailing or consecutive spaces");
    }
  }

  /** Latin-1 letters, digits, punctuation and space (32-126, 161-255); newline if allowed. */
  private static boolean isPrintableLatin1(String s, boolean allowNewline) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 32 && c <= 126) || (c >= 161 && c <= 255) || (allowNewline && c == '\n');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void requireSignature(byte[] png) {
    if (png.length < SIGNATURE.length
        || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw ImageFormat.sniff(png)
          .map(f -> new IllegalArgumentException("expected a PNG image, got " + f))
          .orElseGet(() -> ImageFormat.unrecognized(png));
    }
  }

  private static int indexOfNul(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
