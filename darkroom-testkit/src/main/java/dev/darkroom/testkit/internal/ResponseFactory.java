package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Dimension;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Builds the fake's {@code GenerateContentResponse} bodies. */
public final class ResponseFactory {
  private static final Random RANDOM = new SecureRandom();

  private final ThoughtSignatures signatures;

  public ResponseFactory(ThoughtSignatures signatures) {
    this.signatures = signatures;
  }

  /** A successful generation: optional thoughts, text, then the image. */
  public ResponseShape success(Generation g) {
    List<ObjectNode> parts = new ArrayList<>();
    if (g.includeThoughts()) {
      parts.add(Json.object()
          .put("text", "**Composing the scene**\n\nI'm planning the layout, lighting and colours"
              + " for the requested image before drawing a first draft.")
          .put("thought", true));
      Dimension full = PixelSizes.of(g.model(), g.aspectRatio(), "1K");
      byte[] draft = ImageRenderer.render(full.width / 2, full.height / 2, "image/jpeg", g.grid());
      parts.add(imagePart("image/jpeg", draft).put("thought", true));
    }
    int textTokens = 0;
    if (g.wantText()) {
      String text = caption(g);
      textTokens = tokens(text);
      parts.add(Json.object().put("text", text));
    }
    int imageTokens = 0;
    if (g.wantImage()) {
      imageTokens = g.model().imageTokens(g.imageSize());
      parts.add(imagePart(g.model().mimeType(), ImageRenderer.render(
          g.pixels().width, g.pixels().height, g.model().mimeType(), g.grid())));
    }
    if (g.model().gemini3Family()) {
      for (ObjectNode part : parts) {
        if (!part.has("thought")) {
          part.set("thoughtSignature", Json.NODES.binaryNode(signatures.current()));
        }
      }
    }
    ObjectNode usage = usage(g.tokens(), imageTokens + textTokens, g.thoughtsTokens(),
        imageTokens);
    return new ResponseShape(parts, Optional.of("STOP"),
        g.grounded() ? Optional.of(grounding(g.prompt())) : Optional.empty(), Optional.empty(),
        usage, g.model().id(), newResponseId());
  }

  /** STOP with a single text part and no image. */
  public ResponseShape textOnly(String model, Generation.PromptTokens prompt, String text) {
    return new ResponseShape(List.of(Json.object().put("text", text)), Optional.of("STOP"),
        Optional.empty(), Optional.empty(), usage(prompt, tokens(text), 0, 0), model,
        newResponseId());
  }

  /** A candidate without parts that ended for {@code finishReason}, e.g. IMAGE_SAFETY. */
  public ResponseShape finishedWithoutParts(String model, Generation.PromptTokens prompt,
      String finishReason) {
    return new ResponseShape(List.of(), Optional.of(finishReason), Optional.empty(),
        Optional.empty(), usage(prompt, 0, 0, 0), model, newResponseId());
  }

  /** No candidates; {@code promptFeedback.blockReason} says why. */
  public ResponseShape promptBlocked(String model, Generation.PromptTokens prompt, String reason) {
    ObjectNode feedback = Json.object().put("blockReason", reason);
    return new ResponseShape(List.of(), Optional.empty(), Optional.empty(),
        Optional.of(feedback), usage(prompt, 0, 0, 0), model, newResponseId());
  }

  /** A random 22-character base64url id like Google's {@code responseId}. */
  public static String newResponseId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ObjectNode imagePart(String mimeType, byte[] bytes) {
    ObjectNode part = Json.object();
    part.putObject("inlineData")
        .put("mimeType", mimeType)
        .set("data", Json.NODES.binaryNode(bytes));
    return part;
  }

  private static String caption(Generation g) {
    String subject = g.prompt().isEmpty() ? "your request" : g.prompt();
    if (subject.length() > 80) {
      subject = subject.substring(0, 80) + "...";
    }
    return g.wantImage() ? "Here is the image you asked for: " + subject
        : "Here is a short answer about " + subject;
  }

  private static int tokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static ObjectNode usage(Generation.PromptTokens prompt, int candidates, int thoughts,
      int imageTokens) {
    ObjectNode usage = Json.object();
    usage.put("promptTokenCount", prompt.total());
    if (candidates > 0) {
      usage.put("candidatesTokenCount", candidates);
    }
    usage.put("totalTokenCount", prompt.total() + candidates + thoughts);
    ArrayNode promptDetails = usage.putArray("promptTokensDetails");
    promptDetails.addObject().put("modality", "TEXT").put("tokenCount", prompt.text());
    if (prompt.images() > 0) {
      promptDetails.addObject().put("modality", "IMAGE").put("tokenCount", prompt.images());
    }
    if (imageTokens > 0) {
      usage.putArray("candidatesTokensDetails").addObject()
          .put("modality", "IMAGE").put("tokenCount", imageTokens);
    }
    if (thoughts > 0) {
      usage.put("thoughtsTokenCount", thoughts);
    }
    return usage;
  }

  private static ObjectNode grounding(String prompt) {
    String query = prompt.length() > 60 ? prompt.substring(0, 60) : prompt;
    ObjectNode metadata = Json.object();
    metadata.putArray("webSearchQueries").add(query.isEmpty() ? "image reference" : query);
    ArrayNode chunks = metadata.putArray("groundingChunks");
    for (int i = 1; i <= 2; i++) {
      chunks.addObject().putObject("web")
          .put("uri", "https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-" + i)
          .put("title", "example" + i + ".com");
    }
    metadata.putArray("groundingSupports");
    metadata.putObject("searchEntryPoint").put("renderedContent",
        "<style>.container { align-items: center; border-radius: 8px; display: flex; }</style>"
            + "<div class=\"container\"><a class=\"chip\" href=\"https://www.google.com/search?q="
            + "fake\">" + escapeHtml(query) + "</a></div>");
    return metadata;
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
