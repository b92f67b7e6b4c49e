package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;

/** The specific google.rpc errors Google returns for auth, unknown models and quotas. */
public final class Errors {
  /** Quota id of the per-minute request quota. */
  public static final String PER_MINUTE_QUOTA = "GenerateRequestsPerMinutePerProjectPerModel";
  /** Quota id of the per-day request quota. */
  public static final String PER_DAY_QUOTA = "GenerateRequestsPerDayPerProjectPerModel";

  private static final String QUOTA_METRIC =
      "generativelanguage.googleapis.com/generate_content_paid_tier_requests";
  private static final String BAD_KEY = "API key not valid. Please pass a valid API key.";

  private Errors() {}

  /** 403 for a request without {@code x-goog-api-key}. */
  public static ApiError missingApiKey() {
    return new ApiError(403, "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity)."
            + " Please use API Key or other form of API consumer identity to call this API.");
  }

  /** 400 for a wrong key, with ErrorInfo reason API_KEY_INVALID. */
  public static ApiError invalidApiKey() {
    ArrayNode details = Json.NODES.arrayNode();
    ObjectNode info = details.addObject()
        .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
        .put("reason", "API_KEY_INVALID")
        .put("domain", "googleapis.com");
    info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
    details.addObject()
        .put("@type", "type.googleapis.com/google.rpc.LocalizedMessage")
        .put("locale", "en-US")
        .put("message", BAD_KEY);
    return new ApiError(400, "INVALID_ARGUMENT", BAD_KEY, details, Map.of());
  }

  /** 404 for a model that does not exist or is shut down. */
  public static ApiError modelNotFound(String model) {
    return new ApiError(404, "NOT_FOUND", "models/" + model
        + " is not found for API version v1beta, or is not supported for generateContent."
        + " Call ListModels to see the list of available models and their supported methods.");
  }

  /**
   * 429 RESOURCE_EXHAUSTED with QuotaFailure, Help and (if {@code retryDelay} is given)
   * RetryInfo details.
   */
  public static ApiError quotaExceeded(String model, String quotaId, long limit,
      Duration retryDelay, Map<String, String> headers) {
    ArrayNode details = Json.NODES.arrayNode();
    ObjectNode violation = details.addObject()
        .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
        .putArray("violations").addObject()
        .put("quotaMetric", QUOTA_METRIC)
        .put("quotaId", quotaId);
    violation.putObject("quotaDimensions").put("location", "global").put("model", model);
    violation.put("quotaValue", Long.toString(limit));
    details.addObject()
        .put("@type", "type.googleapis.com/google.rpc.Help")
        .putArray("links").addObject()
        .put("description", "Learn more about Gemini API quotas")
        .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
    StringBuilder message = new StringBuilder(
        "You exceeded your current quota, please check your plan and billing details."
            + " For more information on this error, head to:"
            + " https://ai.google.dev/gemini-api/docs/rate-limits."
            + " To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n"
            + "* Quota exceeded for metric: " + QUOTA_METRIC + ", limit: " + limit
            + ", model: " + model);
    if (retryDelay != null) {
      details.addObject()
          .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
          .put("retryDelay", ProtoDuration.format(retryDelay));
      message.append("\nPlease retry in ").append(ProtoDuration.format(retryDelay)).append('.');
    }
    return new ApiError(429, "RESOURCE_EXHAUSTED", message.toString(), details, headers);
  }
}
