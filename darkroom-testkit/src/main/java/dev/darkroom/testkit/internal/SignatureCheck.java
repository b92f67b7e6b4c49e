package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the model turns of a follow-up request the way Gemini 3 image models do: every part of a
 * {@code model} turn that is not a thought must carry, unchanged, a {@code thoughtSignature} this
 * fake issued. A missing or altered signature is a 400 INVALID_ARGUMENT.
 */
public final class SignatureCheck {
  private SignatureCheck() {}

  /** @throws ApiError 400 INVALID_ARGUMENT naming the part at fault */
  public static void check(GenerateRequest request, ThoughtSignatures issued) {
    JsonNode contents = request.tree().path("contents");
    for (int i = 0; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      if (!"model".equals(content.path("role").asText(""))) {
        continue;
      }
      JsonNode parts = content.path("parts");
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j).path("thought").asBoolean(false)) {
          continue;
        }
        String key = "contents[" + i + "].parts[" + j + "]";
        String field = "contents[" + i + "].parts[" + j + "].thought_signature";
        String digest = request.signatures().get(key);
        if (digest == null) {
          throw ApiError.invalidArgument(field, "Unable to process input: the model turn at " + key
              + " is missing a thought_signature. Send the model's previous turns back exactly as"
              + " received, thought signatures included.");
        }
        if (!issued.issued(digest)) {
          throw ApiError.invalidArgument(field, "Unable to process input: the thought_signature at "
              + key + " is corrupted or was not issued for this conversation.");
        }
      }
    }
  }
}
