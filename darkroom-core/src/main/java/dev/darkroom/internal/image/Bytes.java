package dev.darkroom.internal.image;

import java.nio.charset.StandardCharsets;

/** Bounds-checked big- and little-endian reads and writes on byte arrays. */
final class Bytes {
  private Bytes() {}

  /** Throws a truncation error naming {@code what} unless {@code length} bytes exist at offset. */
  static void require(byte[] bytes, int offset, int length, String what) {
    if (offset < 0 || length < 0 || (long) offset + length > bytes.length) {
      throw new IllegalArgumentException("truncated " + what + " (needs " + length
          + " bytes at offset " + offset + ", have " + bytes.length + " bytes in total)");
    }
  }

  static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  static int u16be(byte[] b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  static int u16le(byte[] b, int at) {
    return u8(b, at) | (u8(b, at + 1) << 8);
  }

  static int u24le(byte[] b, int at) {
    return u16le(b, at) | (u8(b, at + 2) << 16);
  }

  static long u32be(byte[] b, int at) {
    return ((long) u16be(b, at) << 16) | u16be(b, at + 2);
  }

  static long u32le(byte[] b, int at) {
    return u16le(b, at) | ((long) u16le(b, at + 2) << 16);
  }

  static void put16be(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  static void put32be(byte[] b, int at, long value) {
    put16be(b, at, (int) (value >>> 16));
    put16be(b, at + 2, (int) value);
  }

  static void put24le(byte[] b, int at, int value) {
    b[at] = (byte) value;
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) (value >>> 16);
  }

  static void put32le(byte[] b, int at, long value) {
    put24le(b, at, (int) value);
    b[at + 3] = (byte) (value >>> 24);
  }

  static boolean matches(byte[] b, int at, String ascii) {
    if (at < 0 || at + ascii.length() > b.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String ascii(byte[] b, int at, int length) {
    return new String(b, at, length, StandardCharsets.ISO_8859_1);
  }
}
