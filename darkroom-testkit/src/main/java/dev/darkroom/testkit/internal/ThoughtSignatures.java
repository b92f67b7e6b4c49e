package dev.darkroom.testkit.internal;

import java.util.Random;

/**
 * Random thought-signature bytes whose base64 form has the configured length (rounded down to a
 * multiple of 4, at least 4). Regenerated only when the length changes. Thread-safe.
 */
public final class ThoughtSignatures {
  private final Random random = new Random();
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
    }
  }

  /** The signature bytes; shared, callers must not modify them. */
  public synchronized byte[] current() {
    return current;
  }
}
