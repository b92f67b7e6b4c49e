package dev.darkroom.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.spi.Redactor;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maps Vertex AI's error answers to the exception family. Vertex sends the same
 * {@code google.rpc.Status} JSON as the Developer API, sometimes wrapped in a one-element array
 * (streaming calls); its authentication, permission, not-found and quota errors get their own
 * advice here, everything else is mapped like the Developer API's ({@link GeminiErrors}).
 */
final class VertexErrors {
  private VertexErrors() {}

  static DarkroomException map(int httpStatus, String body, Optional<String> retryAfter, String model,
      @Nullable String project, String location, String credentials, Redactor redactor) {
    String unwrapped = unwrap(body);
    JsonNode error = ErrorBodies.parse(unwrapped).path("error");
    if (error.isMissingNode()) {
      return GeminiErrors.map(httpStatus, unwrapped, retryAfter, model, redactor);
    }
    String status = error.path("status").asText("");
    String message = redactor.redact(error.path("message").asText("")).strip().replaceAll("\\s+", " ");
    String reason = "";
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText("").endsWith("google.rpc.ErrorInfo")) {
        reason = d.path("reason").asText("");
      }
    }
    String what = httpStatus + " " + status + ": " + (message.isEmpty() ? "(no message)" : message);
    Details details = Details.http(httpStatus, status.isEmpty() ? null : status,
        ErrorBodies.truncate(redactor.redact(unwrapped)));
    String where = project == null ? "Vertex AI express mode" : "project " + project + ", location " + location;
    if (httpStatus == 401 || "UNAUTHENTICATED".equals(status)) {
      String fix = credentials.startsWith("the access token from ")
          ? "The token has expired or was revoked, and a supplied token is never refreshed by Darkroom (the file"
              + " is read again once after a rejection): write a fresh one to it (gcloud auth print-access-token >"
              + " FILE), or let Darkroom fetch tokens itself with 'gcloud auth application-default login' or"
              + " GOOGLE_APPLICATION_CREDENTIALS"
          : credentials.contains("access token")
          ? "The token has expired or was revoked, and a supplied token is never refreshed: pass a new one (gcloud"
              + " auth print-access-token), or let Darkroom fetch tokens itself with 'gcloud auth application-default"
              + " login' or GOOGLE_APPLICATION_CREDENTIALS"
          : "Run 'gcloud auth application-default login', or point GOOGLE_APPLICATION_CREDENTIALS at a service"
              + " account key";
      return new AuthenticationException("Vertex AI rejected the credentials (" + what + "); in use: "
          + credentials + ". " + fix, null, details);
    }
    if (httpStatus == 400 && ("API_KEY_INVALID".equals(reason) || message.toLowerCase(java.util.Locale.ROOT).contains("api key"))) {
      return new AuthenticationException("Vertex AI rejected the API key (" + what + "); express mode needs a"
          + " Vertex AI API key in GOOGLE_API_KEY or gemini.apiKey", null, details);
    }
    if (httpStatus == 403) {
      String fix = "SERVICE_DISABLED".equals(reason)
          ? "enable the Vertex AI API (aiplatform.googleapis.com) in the project"
          : "give " + credentials + " the Vertex AI User role (roles/aiplatform.user) in the project, and check"
              + " the project id (GOOGLE_CLOUD_PROJECT)";
      return new AuthenticationException("Vertex AI denied permission on " + where + " (" + what + "); " + fix,
          null, details);
    }
    if (httpStatus == 404) {
      return new InvalidRequestException("Vertex AI does not serve model " + model + " in " + where + " (" + what
          + "); try location global (GOOGLE_CLOUD_LOCATION) or another region, or run 'darkroom models'",
          null, details);
    }
    if (httpStatus == 400 && "FAILED_PRECONDITION".equals(status)) {
      return new AuthenticationException("Vertex AI refused the request for " + where + " (" + what
          + "); enable billing on the project and accept the model's terms in the console", null, details);
    }
    if (httpStatus == 429) {
      return new QuotaExceededException("Vertex AI capacity or quota exhausted for " + where + " (" + what
          + "); retries ran out: lower concurrency, try the global location, or ask for more quota",
          null, details.retryable(true).retryAfter(retryAfter.flatMap(GeminiErrors::parseRetryAfter).orElse(null)));
    }
    return GeminiErrors.map(httpStatus, unwrapped, retryAfter, model, redactor);
  }

  /** {@code [{"error": …}]} → {@code {"error": …}}; other bodies unchanged. */
  static String unwrap(String body) {
    String t = body.strip();
    if (t.startsWith("[")) {
      JsonNode array = ErrorBodies.parse(t);
      if (array.isArray() && array.size() > 0 && array.get(0).has("error")) {
        return array.get(0).toString();
      }
    }
    return body;
  }
}
