package dev.darkroom.spi;

/**
 * An image exactly as a provider returned it.
 *
 * @param bytes decoded bytes
 * @param mimeType the declared MIME type
 * @param thought true for an interim image drawn while thinking
 */
public record RawImage(byte[] bytes, String mimeType, boolean thought) {}
