package dev.darkroom.testkit.internal;

import java.awt.Dimension;
import java.util.Optional;

/**
 * An image the client sent: inline bytes or a file reference.
 *
 * @param mimeType     declared MIME type
 * @param byteCount    decoded size in bytes; 0 for {@code fileData}
 * @param dimensions   pixel size read from the header, if readable
 */
public record InputImage(String mimeType, long byteCount, Optional<Dimension> dimensions) {}
