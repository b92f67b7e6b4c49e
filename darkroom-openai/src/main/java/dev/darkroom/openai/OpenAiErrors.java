package dev.darkroom.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.ContentBlockedException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.ServerException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.spi.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps a non-2xx Images API answer ({@code {"error":{"message","type","param","code"}}}, or whatever a
 * gateway sent) to the Darkroom exception family. Retried: 408, 409, 429 rate limits and 5xx, after
 * {@code retry-after-ms}, else {@code retry-after} (seconds); an {@code x-should-retry} header wins.
 * Never retried: moderation blocks and {@code insufficient_quota}.
 */
final class OpenAiErrors {

  private OpenAiErrors() {}

  /**
   * @param headers response header lookup (first value, case-insensitive)
   * @param currentModels ids to suggest when the model is unknown or retired
   */
  static DarkroomException map(int httpStatus, String body, Function<String, Optional<String>> headers, String model,
      List<String> currentModels, Redactor redactor) {
    String safeBody = redactor.redact(body);
    JsonNode error = ErrorBodies.parse(body).path("error");
    boolean json = error.isObject();
    String type = error.path("type").asText("");
    String code = error.path("code").asText("");
    String param = error.path("param").isTextual() ? error.path("param").asText() : null;
    String message = redactor.redact(error.path("message").asText("")).strip().replaceAll("\\s+", " ");
    String vendor = !code.isEmpty() ? code : !type.isEmpty() ? type : null;
    String what = json
        ? httpStatus + " " + (vendor == null ? "" : vendor + ": ") + (message.isEmpty() ? "(no message)" : message)
        : httpStatus + " with a non-JSON body: " + ErrorBodies.firstLine(safeBody);
    Details details = Details.http(httpStatus, vendor, ErrorBodies.truncate(safeBody));
    Duration retryAfter = retryAfter(headers);
    Optional<Boolean> shouldRetry = headers.apply("x-should-retry").map(v -> v.trim().equalsIgnoreCase("true"));
    String lower = message.toLowerCase(Locale.ROOT);

    if (code.equals("moderation_blocked") || code.equals("content_policy_violation")
        || type.equals("image_generation_user_error") && lower.contains("safety system")) {
      return blocked(error, code.isEmpty() ? "moderation_blocked" : code, message, details);
    }
    if (type.equals("insufficient_quota") || code.equals("insufficient_quota") || code.endsWith("_limit_exceeded")
        && !code.equals("rate_limit_exceeded") || code.equals("credit_balance_exhausted")) {
      return new QuotaExceededException("the OpenAI quota or spend limit is exhausted (" + what
          + "); add credit or raise the limit at https://platform.openai.com/settings/organization/billing"
          + " (not retried)", null, details);
    }
    if (httpStatus == 401) {
      return new AuthenticationException("OpenAI rejected the API key (" + what
          + "); check OPENAI_API_KEY or --api-key, and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set", null, details);
    }
    if (httpStatus == 403) {
      if (lower.contains("must be verified") || lower.contains("verify organization")) {
        return new AuthenticationException("your OpenAI organization must be verified to use " + model
            + ": go to https://platform.openai.com/settings/organization/general, click Verify Organization,"
            + " then wait up to 15 minutes for access to propagate (" + what + ")", null, details);
      }
      return new AuthenticationException("OpenAI denied permission (" + what + "); check that the key's project may use "
          + model + " and that your country or region is supported", null, details);
    }
    if (httpStatus == 404 || code.equals("model_not_found")) {
      return new InvalidRequestException("OpenAI does not serve model " + model + " (" + what
          + "); it may have been retired: current models are " + String.join(", ", currentModels)
          + " (run 'darkroom models')", null, details);
    }
    if (!json && httpStatus / 100 == 2) {
      return new MalformedResponseException("OpenAI answered " + what, null, details.retryable(true));
    }
    boolean retryable = switch (httpStatus) {
      case 408, 409, 429 -> true;
      default -> httpStatus >= 500;
    };
    retryable = shouldRetry.orElse(retryable);
    details.retryable(retryable).retryAfter(retryAfter);
    if (httpStatus == 429) {
      return new QuotaExceededException("OpenAI rate limit reached (" + what
          + "); retries ran out: lower concurrency, wait a minute, or move to a higher usage tier", null, details);
    }
    if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 409) {
      return new ServerException("OpenAI server error " + what
          + "; retries ran out, try again later (status page: https://status.openai.com)", null, details);
    }
    if (httpStatus >= 400) {
      return new InvalidRequestException("OpenAI rejected the request as invalid (" + what + ")"
          + (param == null ? "" : "; the parameter is '" + param + "'")
          + "; check the options against 'darkroom models'", null, details);
    }
    return new ServerException("unexpected answer from OpenAI: " + what, null, details);
  }

  /**
   * A 404 that means the URL is wrong rather than the model: a body that is not OpenAI's JSON error, or
   * OpenAI's own {@code Invalid URL (POST /images/generations)} (a base URL without {@code /v1}).
   */
  static Optional<DarkroomException> wrongEndpoint(int httpStatus, String body, String url, Redactor redactor) {
    String hint = "give the API's base URL with its version, e.g. " + OpenAiProvider.DEFAULT_BASE_URL
        + " (Darkroom adds /images/…), in OPENAI_BASE_URL or --base-url";
    Optional<DarkroomException> nonJson = ErrorBodies.wrongEndpoint("OpenAI", url, httpStatus, body, hint, redactor);
    if (nonJson.isPresent() || httpStatus != 404) {
      return nonJson;
    }
    JsonNode error = ErrorBodies.parse(body).path("error");
    String message = redactor.redact(error.path("message").asText("")).strip();
    if (!message.startsWith("Invalid URL") || error.path("code").asText("").equals("model_not_found")) {
      return Optional.empty();
    }
    return Optional.of(new InvalidRequestException("there is no OpenAI endpoint at POST " + redactor.redact(url)
        + ": the server answered 404 \"" + message + "\", so the base URL is probably wrong; " + hint, null,
        Details.http(httpStatus, "invalid_request_error", ErrorBodies.truncate(redactor.redact(body)))));
  }

  private static ContentBlockedException blocked(JsonNode error, String reason, String message, Details details) {
    JsonNode moderation = error.path("moderation_details");
    List<String> categories = new ArrayList<>();
    moderation.path("categories").forEach(c -> categories.add(c.asText()));
    String stage = moderation.path("moderation_stage").asText("");
    String what = stage.equals("output") ? "the generated image" : stage.equals("input") ? "the prompt or input images"
        : "the request";
    return new ContentBlockedException("OpenAI's safety system blocked " + what + " (" + reason
        + (categories.isEmpty() ? "" : ": " + String.join(", ", categories)) + "); " + message
        + " Rephrase the prompt or change the input images (blocked requests are not retried)", reason, null, details);
  }

  /** {@code retry-after-ms}, else {@code retry-after} in (possibly fractional) seconds; HTTP dates are ignored. */
  static @Nullable Duration retryAfter(Function<String, Optional<String>> headers) {
    Optional<String> ms = headers.apply("retry-after-ms");
    if (ms.isPresent()) {
      try {
        double v = Double.parseDouble(ms.get().trim());
        if (v >= 0) {
          return Duration.ofMillis((long) Math.ceil(v));
        }
      } catch (NumberFormatException e) {
        // fall through to retry-after
      }
    }
    Optional<String> seconds = headers.apply("retry-after");
    if (seconds.isPresent()) {
      try {
        double v = Double.parseDouble(seconds.get().trim());
        if (v >= 0) {
          return Duration.ofMillis((long) Math.ceil(v * 1000));
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }



}
