package dev.darkroom.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.ServerException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.spi.Redactor;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maps a non-2xx Gemini answer ({@code google.rpc.Status} JSON, or whatever a proxy sent) to the
 * Darkroom exception family, with retryability and the provider's requested delay.
 */
final class GeminiErrors {

  private GeminiErrors() {}

  static DarkroomException map(int httpStatus, String body, Optional<String> retryAfterHeader, String model, Redactor redactor) {
    String safeBody = redactor.redact(body);
    JsonNode error = ErrorBodies.parse(body).path("error");
    String status = error.path("status").asText("");
    String message = redactor.redact(error.path("message").asText("")).strip().replaceAll("\\s+", " ");
    String reason = "";
    String quotaId = "";
    Duration retryDelay = retryAfterHeader.flatMap(GeminiErrors::parseRetryAfter).orElse(null);
    for (JsonNode d : error.path("details")) {
      String type = d.path("@type").asText("");
      if (type.endsWith("google.rpc.ErrorInfo")) {
        reason = d.path("reason").asText("");
      } else if (type.endsWith("google.rpc.RetryInfo")) {
        Duration parsed = parseProtoDuration(d.path("retryDelay").asText(""));
        if (parsed != null) {
          retryDelay = parsed;
        }
      } else if (type.endsWith("google.rpc.QuotaFailure")) {
        for (JsonNode v : d.path("violations")) {
          quotaId = quotaId + " " + v.path("quotaId").asText("");
        }
      }
    }
    boolean json = !error.isMissingNode();
    String what = json
        ? httpStatus + " " + status + ": " + (message.isEmpty() ? "(no message)" : message)
        : httpStatus + " with a non-JSON body: " + ErrorBodies.firstLine(safeBody);
    Details details = Details.http(httpStatus, status.isEmpty() ? null : status, ErrorBodies.truncate(safeBody));

    if (!json && httpStatus >= 200 && httpStatus < 300) {
      return new MalformedResponseException("Gemini answered " + what, null, details.retryable(true));
    }
    if ("API_KEY_INVALID".equals(reason) || httpStatus == 401
        || (httpStatus == 400 && message.toLowerCase(Locale.ROOT).contains("api key not valid"))) {
      return new AuthenticationException("the API key was rejected (" + what
          + "); check GEMINI_API_KEY or --api-key, and that the key belongs to a project with the Gemini API enabled", null, details);
    }
    switch (httpStatus) {
      case 400 -> {
        if ("FAILED_PRECONDITION".equals(status)) {
          return new AuthenticationException("Gemini refused the request (" + what
              + "); enable billing on the key's Google Cloud project or use a key from a supported region", null, details);
        }
        return new InvalidRequestException("Gemini rejected the request as invalid (" + what
            + "); check the parameters against 'darkroom models' and the model table", null, details);
      }
      case 402 -> {
        return new QuotaExceededException("prepaid credit is exhausted (" + what
            + "); add credit to the project, then try again (not retried)", null, details);
      }
      case 403 -> {
        return new AuthenticationException("permission denied (" + what
            + "); check that the API key is set, valid, and allowed to use " + model, null, details);
      }
      case 404 -> {
        return new InvalidRequestException("Gemini does not serve model " + model + " (" + what
            + "); it may have been shut down: run 'darkroom models' and pick a current one", null, details);
      }
      case 408 -> {
        return new ServerException("Gemini timed out the request (" + what + ")", null, details.retryable(true));
      }
      case 429 -> {
        boolean daily = quotaId.contains("PerDay");
        if (daily) {
          return new QuotaExceededException("the daily quota is exhausted (" + what
              + "); wait for the quota to reset (midnight Pacific time) or raise the project's tier (not retried)",
              null, details.retryAfter(retryDelay));
        }
        return new QuotaExceededException("rate limit reached (" + what
            + "); retries ran out: lower concurrency, wait a minute, or raise the project's tier",
            null, details.retryable(true).retryAfter(retryDelay));
      }
      case 500, 502, 503, 504 -> {
        return new ServerException("Gemini server error " + what
            + "; retries ran out, try again later (status page: https://aistudio.google.com/status)",
            null, details.retryable(true).retryAfter(retryDelay));
      }
      default -> {
        if (httpStatus >= 400 && httpStatus < 500) {
          return new InvalidRequestException("Gemini rejected the request (" + what + ")", null, details);
        }
        return new ServerException("unexpected answer from Gemini: " + what, null, details);
      }
    }
  }


  /** Parses a protobuf Duration string such as {@code 34s} or {@code 1.5s}. */
  static @Nullable Duration parseProtoDuration(String text) {
    if (!text.endsWith("s")) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
      return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses a Retry-After header given in seconds (HTTP dates are ignored). */
  static Optional<Duration> parseRetryAfter(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }


}
