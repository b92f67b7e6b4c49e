package dev.darkroom.testkit.internal;

import java.util.Random;

/**
 * Random thought-signature bytes whose base64 form has the configured length (rounded down to a
 * multiple of 4, at least 4). Regenerated only when the length changes. Remembers the SHA-256 of
 * every signature it handed out, so follow-up turns can be checked. Thread-safe.
 */
public final class ThoughtSignatures {
  private final Random random = new Random();
  private final java.util.Set<String> issued = new java.util.HashSet<>();
  private byte[] current = new byte[0];
  private int base64Length = -1;

  /** Sets the base64 length of future signatures. */
  public synchronized void base64Length(int length) {
    if (length < 4) {
      throw new IllegalArgumentException("thoughtSignatureBytes must be >= 4, got " + length);
    }
    if (length != base64Length) {
      base64Length = length;
      current = new byte[length / 4 * 3];
      random.nextBytes(current);
      issued.add(java.util.HexFormat.of().formatHex(sha256().digest(current)));
    }
  }

  /** Whether a signature with this SHA-256 (hex) was handed out. */
  public synchronized boolean issued(String sha256Hex) {
    return issued.contains(sha256Hex);
  }

  /** A new SHA-256 digest. */
  public static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The signature bytes; shared, callers must not modify them. */
  public synchronized byte[] current() {
    return current;
  }
}
