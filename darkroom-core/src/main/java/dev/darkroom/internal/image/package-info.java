/**
 * Image plumbing for Darkroom: format sniffing, header-only probing, decoding and encoding
 * (including a small lossless WebP encoder), downscaling, digests, and provenance metadata in PNG
 * text chunks, JPEG XMP and WebP XMP.
 *
 * <p>Internal: not exported and subject to change. Nothing here prints or exits. Malformed images
 * and bad arguments raise {@link java.lang.IllegalArgumentException} with a message that says what
 * is wrong; file-system failures raise {@link java.io.IOException}.
 */
@NullMarked
package dev.darkroom.internal.image;

import org.jspecify.annotations.NullMarked;
