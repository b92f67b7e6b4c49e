package dev.darkroom.internal.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads Darkroom provenance in the metadata of PNG, JPEG and WebP files, choosing the
 * carrier each format's tools understand:
 *
 * <ul>
 *   <li>PNG: an {@code iTXt} chunk {@code darkroom} holding the JSON, plus a {@code parameters}
 *       chunk in AUTOMATIC1111 style so Stable Diffusion viewers show the prompt;
 *   <li>JPEG: XMP in APP1, extended XMP when large ({@link JpegXmp});
 *   <li>WebP: an {@code XMP } chunk ({@link WebpXmp}).
 * </ul>
 *
 * Pixel data is never re-encoded.
 */
public final class ProvenanceCodec {
  /** PNG keyword of the provenance JSON. */
  public static final String PNG_KEYWORD = "darkroom";
  /** PNG keyword AUTOMATIC1111, ComfyUI and civitai read generation parameters from. */
  public static final String PNG_PARAMETERS_KEYWORD = "parameters";
  private static final String PNG_XMP_KEYWORD = "XML:com.adobe.xmp";

  private ProvenanceCodec() {}

  /**
   * Returns a copy of {@code image} carrying the provenance, replacing Darkroom provenance already
   * there.
   *
   * @param format the image's format; must match its bytes
   * @param provenanceJson the JSON document to store verbatim
   * @param a1111Parameters AUTOMATIC1111-style parameter text for PNG, or null to omit it; unused
   *     for JPEG and WebP
   * @param description the prompt, stored as {@code dc:description} in XMP; unused for PNG
   * @param creatorTool for example {@code "Darkroom 0.1.0"}; unused for PNG
   * @throws IllegalArgumentException if the format is GIF or HEIC, does not match the bytes, or
   *     the image is malformed
   */
  public static byte[] embed(byte[] image, ImageFormat format, String provenanceJson,
      @Nullable String a1111Parameters, String description, String creatorTool) {
    ImageFormat actual = ImageFormat.sniff(image).orElseThrow(() -> ImageFormat.unrecognized(image));
    if (actual != format) {
      throw new IllegalArgumentException(
          "format is " + format + " but the image bytes are " + actual);
    }
    switch (format) {
      case PNG: {
        List<PngText.Entry> entries = new ArrayList<>();
        entries.add(new PngText.Entry(PNG_KEYWORD, provenanceJson, true));
        if (a1111Parameters != null) {
          entries.add(PngText.Entry.of(PNG_PARAMETERS_KEYWORD, a1111Parameters));
        }
        return PngText.withText(image, entries);
      }
      case JPEG:
        return JpegXmp.withXmp(image, Xmp.packet(provenanceJson, description, creatorTool));
      case WEBP:
        return WebpXmp.withXmp(image, Xmp.packet(provenanceJson, description, creatorTool));
      default:
        throw new IllegalArgumentException(
            "cannot embed provenance in " + format + " images; use PNG, JPEG or WebP");
    }
  }

  /**
   * Reads Darkroom provenance JSON from a PNG ({@code darkroom} text chunk, else an XMP
   * {@code iTXt}), JPEG or WebP image.
   *
   * @return empty if the image carries no Darkroom provenance
   * @throws IllegalArgumentException if the image is GIF, HEIC, unrecognised or malformed
   */
  public static Optional<String> readProvenanceJson(byte[] image) {
    ImageFormat format = ImageFormat.sniff(image).orElseThrow(() -> ImageFormat.unrecognized(image));
    switch (format) {
      case PNG: {
        Map<String, String> texts = PngText.read(image);
        String json = texts.get(PNG_KEYWORD);
        if (json != null) {
          return Optional.of(json);
        }
        String xmp = texts.get(PNG_XMP_KEYWORD);
        return xmp == null ? Optional.empty() : Xmp.provenance(xmp);
      }
      case JPEG:
        return JpegXmp.readProvenanceJson(image);
      case WEBP:
        return WebpXmp.readXmp(image).flatMap(Xmp::provenance);
      default:
        throw new IllegalArgumentException(
            "cannot read provenance from " + format + " images; only PNG, JPEG and WebP carry it");
    }
  }
}
