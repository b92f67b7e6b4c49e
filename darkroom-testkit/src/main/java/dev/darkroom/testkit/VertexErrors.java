package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.darkroom.testkit.internal.ApiError;
import dev.darkroom.testkit.internal.Json;
import java.util.Map;

/** Vertex AI's error answers, in its wording (google.rpc.Status, like the Developer API's). */
final class VertexErrors {
  private VertexErrors() {}

  static ApiError unauthenticated() {
    ArrayNode details = Json.NODES.arrayNode();
    details.addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
        .put("reason", "ACCESS_TOKEN_EXPIRED").put("domain", "googleapis.com");
    return new ApiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2"
        + " access token, login cookie or other valid authentication credential. See"
        + " https://developers.google.com/identity/sign-in/web/devconsole-project.", details, Map.of());
  }

  static ApiError permissionDenied(String project, String location, String model) {
    ArrayNode details = Json.NODES.arrayNode();
    details.addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
        .put("reason", "IAM_PERMISSION_DENIED").put("domain", "aiplatform.googleapis.com");
    return new ApiError(403, "PERMISSION_DENIED", "Permission 'aiplatform.endpoints.predict' denied on resource"
        + " '//aiplatform.googleapis.com/projects/" + project + "/locations/" + location
        + "/publishers/google/models/" + model + "' (or it may not exist).", details, Map.of());
  }

  static ApiError modelNotFound(String project, String location, String model) {
    String name = project == null ? "publishers/google/models/" + model
        : "projects/" + project + "/locations/" + location + "/publishers/google/models/" + model;
    return new ApiError(404, "NOT_FOUND", "Publisher Model `" + name + "` was not found or your project does not"
        + " have access to it. Please ensure you are using a valid model version.");
  }

  static ApiError invalidApiKey() {
    ArrayNode details = Json.NODES.arrayNode();
    details.addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
        .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
    return new ApiError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", details, Map.of());
  }
}
