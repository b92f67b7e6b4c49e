package dev.darkroom.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Real Gemini API request and response bodies recorded by the pydantic-ai project (MIT licence,
 * see {@code dev/darkroom/testkit/recorded/README.md}), with image data replaced by tiny valid
 * images of the same format and thought signatures shortened; every other field is as Google sent
 * it. Use them to test parsers, or serve them with {@link FakeReply#rawJson(int, byte[])}.
 */
public final class RecordedResponses {
  /** gemini-2.5-flash-image, {@code generationConfig: {}}: a text part and a PNG (orig. 1024x1024). */
  public static final String IMAGE_AND_TEXT_OUTPUT = "image-and-text-output";
  /** gemini-2.5-flash-image asked for "no image please": a text-only answer. */
  public static final String IMAGE_OR_TEXT_OUTPUT_TEXT = "image-or-text-output-1";
  /** gemini-2.5-flash-image, second call of the same test: text and a PNG (orig. 1024x1024). */
  public static final String IMAGE_OR_TEXT_OUTPUT_IMAGE = "image-or-text-output-2";
  /**
   * gemini-3-pro-image-preview, TEXT+IMAGE: text and a JPEG (orig. 1408x768), thoughtSignature on
   * both parts, thoughtsTokenCount 174.
   */
  public static final String IMAGE_GENERATION_WITH_TEXT = "image-generation-with-text";
  /** Vertex AI gemini-2.5-flash-image with imageOutputOptions JPEG/85 (orig. 1024x1024). */
  public static final String VERTEXAI_IMAGE_GENERATION_WITH_OUTPUT_FORMAT =
      "vertexai-image-generation-with-output-format";

  private static final String DIRECTORY = "recorded/";

  private RecordedResponses() {}

  /** Names of all recordings. */
  public static List<String> names() {
    return List.of(IMAGE_AND_TEXT_OUTPUT, IMAGE_OR_TEXT_OUTPUT_TEXT, IMAGE_OR_TEXT_OUTPUT_IMAGE,
        IMAGE_GENERATION_WITH_TEXT, VERTEXAI_IMAGE_GENERATION_WITH_OUTPUT_FORMAT);
  }

  /**
   * The recorded response body (HTTP 200, JSON).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static byte[] load(String name) {
    return resource(name + ".json");
  }

  /** The request body the client sent for this recording. */
  public static byte[] loadRequest(String name) {
    return resource(name + "-request.json");
  }

  private static byte[] resource(String file) {
    try (InputStream in = RecordedResponses.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No recording \"" + file + "\"; known names: " + names());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
