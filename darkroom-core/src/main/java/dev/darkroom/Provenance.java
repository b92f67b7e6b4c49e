package dev.darkroom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.internal.image.ProvenanceCodec;
import dev.darkroom.spi.PreparedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The record of how an image was made, embedded in every file Darkroom saves: prompt, system
 * prompt, model, every parameter, seed, reference-image hashes, response id, usage, cost and the
 * Darkroom version. Never an API key. PNG files carry it as JSON in an {@code iTXt} chunk named
 * {@code darkroom} (plus an AUTOMATIC1111-style {@code parameters} chunk); JPEG and WebP in XMP.
 */
public final class Provenance {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode node;

  private Provenance(ObjectNode node) {
    this.node = node;
  }

  /**
   * Reads the provenance embedded in an image file.
   *
   * @return empty when the file carries none
   * @throws InvalidRequestException when the file is missing, unreadable or not a PNG, JPEG or WebP
   */
  public static Optional<Provenance> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read " + file + ": " + e.getMessage());
    }
    try {
      return read(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(file + ": " + e.getMessage());
    }
  }

  /** Reads the provenance embedded in encoded image bytes. */
  public static Optional<Provenance> read(byte[] image) {
    Optional<String> json = ProvenanceCodec.readProvenanceJson(image);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(json.get());
      return n instanceof ObjectNode o ? Optional.of(new Provenance(o)) : Optional.empty();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("embedded provenance is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The full record as pretty-printed JSON. */
  public String json() {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The full record as compact JSON. */
  public String compactJson() {
    return node.toString();
  }

  public String prompt() {
    return node.path("prompt").asText("");
  }

  public String model() {
    return node.path("model").asText("");
  }

  public Optional<String> responseId() {
    return text("responseId");
  }

  /** The system prompt, when the provider took one (an option; top-level in older records). */
  public Optional<String> systemPrompt() {
    JsonNode v = node.path("parameters").path("options").get("systemPrompt");
    if (v != null && v.isTextual()) {
      return Optional.of(v.asText());
    }
    return text("systemPrompt");
  }

  /** A top-level field, a {@code parameters} field or a provider option, as text. */
  public Optional<String> get(String field) {
    return text(field).or(() -> {
      JsonNode v = node.path("parameters").get(field);
      if (v == null || v.isNull()) {
        v = node.path("parameters").path("options").get(field);
      }
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v.isTextual() ? v.asText() : v.toString());
    });
  }

  private Optional<String> text(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.isTextual() ? v.asText() : v.toString());
  }

  /**
   * The AUTOMATIC1111-style text other tools show: the prompt, then one line of key: value pairs.
   */
  public String a1111Parameters() {
    StringBuilder b = new StringBuilder(prompt());
    b.append('\n');
    JsonNode p = node.path("parameters");
    JsonNode img = node.path("image");
    StringBuilder kv = new StringBuilder();
    if (p.hasNonNull("seed")) {
      kv.append("Seed: ").append(p.get("seed").asText()).append(", ");
    }
    if (img.has("width")) {
      kv.append("Size: ").append(img.path("width").asInt()).append('x').append(img.path("height").asInt()).append(", ");
    }
    kv.append("Model: ").append(model()).append(", ");
    if (p.hasNonNull("aspectRatio")) {
      kv.append("Aspect ratio: ").append(p.get("aspectRatio").asText()).append(", ");
    }
    JsonNode size = p.hasNonNull("effectiveImageSize") ? p.get("effectiveImageSize") : p.get("imageSize");
    if (size != null && !size.isNull()) {
      kv.append("Image size: ").append(size.asText()).append(", ");
    }
    get("temperature").ifPresent(t -> kv.append("Temperature: ").append(t).append(", "));
    kv.append("Version: Darkroom ").append(node.path("darkroom").asText());
    return b.append(kv).toString();
  }

  /** Builds the record for one saved image (or grid cell). */
  static Provenance of(ImageRequest request, List<PreparedInput> inputs, Generation g, GeneratedImage image,
      int index, int total, @Nullable GridCell cell, @Nullable Integer partial, Instant createdAt, String provider) {
    ObjectNode n = JSON.createObjectNode();
    n.put("darkroom", Darkroom.VERSION);
    n.put("createdAt", createdAt.toString());
    n.put("provider", provider);
    n.put("model", request.model().id());
    n.put("modelName", request.model().name());
    g.modelVersion().ifPresent(v -> n.put("modelVersion", v));
    n.put("prompt", request.prompt());
    ObjectNode p = RequestCodec.write(request);
    p.remove("model");
    p.remove("prompt");
    if (!request.model().usesPixelSizes()) {
      p.remove("size");
    } else if (!p.has("size")) {
      p.put("size", "auto");
    }
    n.set("parameters", p);
    ArrayNode in = n.putArray("inputs");
    for (PreparedInput i : inputs) {
      in.addObject().put("sha256", i.sourceSha256()).put("source", i.source()).put("mimeType", i.mimeType())
          .put("width", i.width()).put("height", i.height()).put("resized", i.resized());
    }
    if (request.mask().isPresent()) {
      n.put("mask", request.mask().get().description());
    }
    g.responseId().ifPresent(r -> n.put("responseId", r));
    n.put("finishReason", g.finishReason());
    ObjectNode u = n.putObject("usage");
    u.put("promptTokens", g.usage().promptTokens());
    if (g.usage().imageInputTokens() > 0) {
      u.put("imageInputTokens", g.usage().imageInputTokens());
    }
    u.put("outputTokens", g.usage().outputTokens());
    u.put("imageTokens", g.usage().imageOutputTokens());
    u.put("thoughtTokens", g.usage().thoughtTokens());
    u.put("totalTokens", g.usage().totalTokens());
    n.put("costUsd", g.costUsd().toPlainString());
    n.put("latencyMs", g.latency().toMillis());
    ObjectNode im = n.putObject("image");
    im.put("index", index);
    im.put("of", total);
    im.put("mimeType", image.mimeType());
    im.put("width", image.width());
    im.put("height", image.height());
    im.put("thought", image.isThought());
    if (partial != null) {
      im.put("partial", partial);
    }
    if (cell != null) {
      n.putObject("cell").put("row", cell.row()).put("col", cell.col()).put("x", cell.x()).put("y", cell.y())
          .put("width", cell.width()).put("height", cell.height());
    }
    if (!g.text().isEmpty()) {
      n.put("text", g.text());
    }
    return new Provenance(n);
  }

  /**
   * Embeds this record into encoded image bytes of the given MIME type. A PNG that already carries a
   * {@code parameters} text chunk (an engine's own, such as SwarmUI's JSON) keeps it; others get the
   * AUTOMATIC1111-style text.
   */
  byte[] embedInto(byte[] image, String mimeType) {
    dev.darkroom.internal.image.ImageFormat format = dev.darkroom.internal.image.ImageFormat.fromMimeType(mimeType)
        .orElseThrow(() -> new IllegalArgumentException("cannot embed metadata in " + mimeType));
    boolean engineParameters = format == dev.darkroom.internal.image.ImageFormat.PNG
        && dev.darkroom.internal.image.PngText.read(image).containsKey("parameters");
    return ProvenanceCodec.embed(image, format, compactJson(), engineParameters ? null : a1111Parameters(), prompt(),
        "Darkroom " + Darkroom.VERSION);
  }

  @Override
  public String toString() {
    return compactJson();
  }
}
