package dev.darkroom.spi;

/**
 * A reference image ready to send.
 *
 * @param bytes the encoded bytes that go on the wire
 * @param mimeType their MIME type
 * @param width pixel width of what is sent
 * @param height pixel height of what is sent
 * @param sourceSha256 SHA-256 of the original input as the user gave it (for provenance and re-runs)
 * @param source where it came from (path, URL, "bytes")
 * @param resized whether it was downscaled (and re-encoded losslessly) before sending
 */
public record PreparedInput(
    byte[] bytes, String mimeType, int width, int height, String sourceSha256, String source, boolean resized) {

  /**
   * What stands in for the image data in a described (dry-run) body: size, dimensions, source and
   * the start of its hash, or the source alone when it was not loaded (a URL in a dry run).
   */
  public String summary() {
    if (sourceSha256.isEmpty()) {
      return source;
    }
    return bytes.length + " bytes, " + width + "x" + height + " from " + source + ", sha256 "
        + sourceSha256.substring(0, Math.min(12, sourceSha256.length()));
  }
}
