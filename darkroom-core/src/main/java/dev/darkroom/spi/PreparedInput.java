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
    byte[] bytes, String mimeType, int width, int height, String sourceSha256, String source, boolean resized) {}
