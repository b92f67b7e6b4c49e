package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.ApiError;
import dev.darkroom.testkit.internal.GenerateRequest;
import dev.darkroom.testkit.internal.GenerateRequestReader;
import dev.darkroom.testkit.internal.Generation;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.Json;
import dev.darkroom.testkit.internal.ModelCatalog;
import dev.darkroom.testkit.internal.ModelSpec;
import dev.darkroom.testkit.internal.RequestValidator;
import dev.darkroom.testkit.internal.ResponseFactory;
import dev.darkroom.testkit.internal.ResponseShape;
import dev.darkroom.testkit.internal.ResponseSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Batch API and the Files API of the fake: batches created inline or from an uploaded JSONL
 * file, advancing PENDING → RUNNING → a final state on successive polls, with inline output for
 * inline input and a downloadable JSONL responses file for file input; resumable uploads in chunks.
 * Every line goes through the same validation and generation as {@code generateContent}; scripted
 * {@link FakeReply replies} apply to lines too (a blocked prompt, no image, or an error status
 * becomes that line's result). Thread-safe.
 */
final class FakeBatches {
  private static final String JSON = "application/json; charset=UTF-8";
  private static final Pattern CREATE = Pattern.compile("/v1beta/models/(?:models/)?([^/:]+):batchGenerateContent");
  private static final Pattern BATCH = Pattern.compile("/v1beta/batches/([A-Za-z0-9_-]+)(:cancel)?");
  private static final Pattern FILE = Pattern.compile("/v1beta/files/([A-Za-z0-9_-]+)");
  private static final Pattern DOWNLOAD = Pattern.compile("/(?:download/)?v1beta/files/([A-Za-z0-9_-]+):download");

  private final FakeGemini server;
  private final ResponseFactory responses;
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private final Map<String, StoredFile> files = new LinkedHashMap<>();
  private final Map<String, Upload> uploads = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  FakeBatches(FakeGemini server, ResponseFactory responses) {
    this.server = server;
    this.responses = responses;
  }

  private record StoredFile(String id, String displayName, String mimeType, byte[] bytes, Instant created) {}

  private static final class Upload {
    final String displayName;
    final String mimeType;
    final long declaredLength;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Upload(String displayName, String mimeType, long declaredLength) {
      this.displayName = displayName;
      this.mimeType = mimeType;
      this.declaredLength = declaredLength;
    }
  }

  private static final class Batch {
    final String id;
    final String model;
    final String displayName;
    final Instant created;
    final List<Map.Entry<String, JsonNode>> lines;
    final boolean fileInput;
    final FakeGemini.BatchEnd end;
    String state = "BATCH_STATE_PENDING";
    int polls;
    ArrayNode inlineResults;
    String responsesFile;
    int succeeded;
    int failed;

    Batch(String id, String model, String displayName, List<Map.Entry<String, JsonNode>> lines, boolean fileInput,
        FakeGemini.BatchEnd end) {
      this.id = id;
      this.model = model;
      this.displayName = displayName;
      this.created = Instant.now();
      this.lines = lines;
      this.fileInput = fileInput;
      this.end = end;
    }

    boolean terminal() {
      return state.endsWith("SUCCEEDED") || state.endsWith("FAILED") || state.endsWith("CANCELLED")
          || state.endsWith("EXPIRED");
    }
  }

  /** Whether this request is for the Batch or Files API. */
  static boolean handles(HttpRequestData request) {
    String path = request.path();
    return CREATE.matcher(path).matches() || BATCH.matcher(path).matches() || path.equals("/v1beta/batches")
        || path.startsWith("/upload/v1beta/files") || FILE.matcher(path).matches()
        || DOWNLOAD.matcher(path).matches();
  }

  void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    try {
      Optional<String> key = request.header("x-goog-api-key");
      if (key.isEmpty() || key.get().isEmpty()) {
        throw dev.darkroom.testkit.internal.Errors.missingApiKey();
      }
      if (!key.get().equals(server.currentApiKey())) {
        throw dev.darkroom.testkit.internal.Errors.invalidApiKey();
      }
      route(request, sink);
    } catch (ApiError error) {
      sink.send(error.code(), JSON, Json.bytes(error.body()), error.headers());
    } catch (RuntimeException bug) {
      ApiError error = new ApiError(500, "INTERNAL", "Internal error in darkroom-testkit FakeGemini batches: " + bug);
      sink.send(500, JSON, Json.bytes(error.body()), Map.of());
    }
  }

  private void route(HttpRequestData request, ResponseSink sink) throws IOException {
    String path = request.path();
    String method = request.method();
    Matcher m;
    if ((m = CREATE.matcher(path)).matches() && method.equals("POST")) {
      sendJson(sink, 200, create(m.group(1), request.body()), Map.of());
    } else if ((m = BATCH.matcher(path)).matches()) {
      String id = m.group(1);
      boolean cancel = m.group(2) != null;
      if (cancel && method.equals("POST")) {
        cancel(id);
        sendJson(sink, 200, Json.object(), Map.of());
      } else if (!cancel && method.equals("GET")) {
        sendJson(sink, 200, poll(id), Map.of());
      } else if (!cancel && method.equals("DELETE")) {
        synchronized (this) {
          if (batches.remove(id) == null) {
            throw notFound("batches/" + id);
          }
        }
        sendJson(sink, 200, Json.object(), Map.of());
      } else {
        throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
      }
    } else if (path.equals("/upload/v1beta/files") && method.equals("POST")) {
      upload(request, sink);
    } else if ((m = DOWNLOAD.matcher(path)).matches() && method.equals("GET")) {
      StoredFile f;
      synchronized (this) {
        f = files.get(m.group(1));
      }
      if (f == null) {
        throw notFound("files/" + m.group(1));
      }
      sink.send(200, f.mimeType(), f.bytes(), Map.of());
    } else if ((m = FILE.matcher(path)).matches()) {
      String id = m.group(1);
      synchronized (this) {
        StoredFile f = files.get(id);
        if (f == null) {
          throw notFound("files/" + id);
        }
        if (method.equals("DELETE")) {
          files.remove(id);
          sendJson(sink, 200, Json.object(), Map.of());
        } else {
          sendJson(sink, 200, fileJson(f), Map.of());
        }
      }
    } else {
      throw new ApiError(404, "NOT_FOUND", "no such method " + method + " " + path);
    }
  }

  private static ApiError notFound(String name) {
    return new ApiError(404, "NOT_FOUND", "Requested entity was not found: " + name);
  }

  // ---- batches ----

  private ObjectNode create(String model, byte[] body) {
    ModelCatalog.find(model).orElseThrow(() -> dev.darkroom.testkit.internal.Errors.modelNotFound(model));
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiError.invalidArgument("batch", "Invalid JSON payload received. " + e.getMessage());
    }
    JsonNode batch = root.path("batch");
    if (!batch.isObject()) {
      throw ApiError.invalidArgument("batch", "batch is required");
    }
    JsonNode input = batch.has("inputConfig") ? batch.path("inputConfig") : batch.path("input_config");
    List<Map.Entry<String, JsonNode>> lines = new ArrayList<>();
    boolean fileInput;
    String fileName = input.has("fileName") ? input.path("fileName").asText() : input.path("file_name").asText("");
    if (!fileName.isEmpty()) {
      fileInput = true;
      StoredFile f;
      synchronized (this) {
        f = files.get(fileName.replaceFirst("^files/", ""));
      }
      if (f == null) {
        throw ApiError.invalidArgument("batch.input_config.file_name", "File " + fileName + " not found.");
      }
      String[] text = new String(f.bytes(), StandardCharsets.UTF_8).split("\n");
      int n = 0;
      for (String line : text) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode obj = Json.MAPPER.readTree(line);
          lines.add(Map.entry(obj.path("key").asText("line-" + n), obj.path("request")));
        } catch (IOException e) {
          throw ApiError.invalidArgument("batch.input_config.file_name", "line " + n + " of " + fileName
              + " is not JSON: " + e.getMessage());
        }
      }
    } else {
      fileInput = false;
      JsonNode requests = input.path("requests").path("requests");
      if (!requests.isArray() || requests.isEmpty()) {
        throw ApiError.invalidArgument("batch.input_config.requests.requests", "at least one request is required");
      }
      int n = 0;
      for (JsonNode r : requests) {
        lines.add(Map.entry(r.path("metadata").path("key").asText("request-" + n++), r));
      }
    }
    String id = "fake" + Integer.toString(ids.incrementAndGet(), 36) + Long.toString(System.nanoTime() % 100000, 36);
    String displayName = batch.path("displayName").asText(batch.path("display_name").asText(""));
    Batch b = new Batch(id, model, displayName, lines, fileInput, server.nextBatchEnd());
    synchronized (this) {
      batches.put(id, b);
      return operation(b);
    }
  }

  private ObjectNode poll(String id) {
    synchronized (this) {
      Batch b = batches.get(id);
      if (b == null) {
        throw notFound("batches/" + id);
      }
      if (!b.terminal()) {
        b.polls++;
        int n = server.batchPollsPerState();
        if (b.polls < n) {
          b.state = "BATCH_STATE_PENDING";
        } else if (b.polls < 2 * n) {
          b.state = "BATCH_STATE_RUNNING";
        } else {
          finish(b);
        }
      }
      return operation(b);
    }
  }

  private void cancel(String id) {
    synchronized (this) {
      Batch b = batches.get(id);
      if (b == null) {
        throw notFound("batches/" + id);
      }
      if (!b.terminal()) {
        b.state = "BATCH_STATE_CANCELLED";
      }
    }
  }

  private void finish(Batch b) {
    switch (b.end) {
      case FAILED -> b.state = "BATCH_STATE_FAILED";
      case EXPIRED -> b.state = "BATCH_STATE_EXPIRED";
      case CANCELLED -> b.state = "BATCH_STATE_CANCELLED";
      case SUCCEEDED -> {
        List<ObjectNode> results = new ArrayList<>();
        for (Map.Entry<String, JsonNode> line : b.lines) {
          JsonNode request = b.fileInput ? line.getValue() : line.getValue().path("request");
          ObjectNode result = Json.object();
          if (b.fileInput) {
            result.put("key", line.getKey());
          }
          try {
            result.set("response", answer(b.model, request));
            b.succeeded++;
          } catch (ApiError e) {
            result.set("error", e.body().get("error"));
            b.failed++;
          }
          if (!b.fileInput) {
            result.set("metadata", line.getValue().path("metadata").deepCopy());
          }
          results.add(result);
        }
        if (b.fileInput) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          for (ObjectNode r : results) {
            out.writeBytes(Json.bytes(r));
            out.write('\n');
          }
          String fileId = "batch-" + b.id + "-responses";
          files.put(fileId, new StoredFile(fileId, "responses of batches/" + b.id, "application/jsonl",
              out.toByteArray(), Instant.now()));
          b.responsesFile = "files/" + fileId;
        } else {
          b.inlineResults = Json.NODES.arrayNode().addAll(results);
        }
        b.state = "BATCH_STATE_SUCCEEDED";
      }
      default -> throw new IllegalStateException(b.end.name());
    }
  }

  /** One line, through the same pipeline as generateContent (scripted replies first). */
  private ObjectNode answer(String model, JsonNode request) {
    ModelSpec spec = ModelCatalog.find(model).orElseThrow(() -> dev.darkroom.testkit.internal.Errors.modelNotFound(model));
    byte[] body = Json.bytes(request);
    GenerateRequest parsed = GenerateRequestReader.read(body);
    Optional<FakeReply> scripted = server.nextScriptedReply();
    Generation.PromptTokens tokens = Generation.PromptTokens.of(parsed, spec.gemini3Family());
    if (scripted.isPresent()) {
      FakeReply reply = scripted.get();
      switch (reply.kind) {
        case PROMPT_BLOCKED:
          return responses.promptBlocked(model, tokens, reply.text).toJson();
        case IMAGE_SAFETY:
          return responses.finishedWithoutParts(model, tokens, "IMAGE_SAFETY").toJson();
        case NO_IMAGE:
          return responses.finishedWithoutParts(model, tokens, "NO_IMAGE").toJson();
        case TEXT_ONLY:
          return responses.textOnly(model, tokens, reply.text).toJson();
        case STATUS:
          throw new ApiError(reply.code, reply.status, reply.text);
        case RATE_LIMITED:
          throw new ApiError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
        default:
          break;
      }
    }
    Generation generation = RequestValidator.validate(spec, parsed);
    ResponseShape shape = responses.success(generation);
    return shape.toJson();
  }

  private ObjectNode operation(Batch b) {
    ObjectNode op = Json.object();
    op.put("name", "batches/" + b.id);
    ObjectNode meta = op.putObject("metadata");
    meta.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch");
    meta.put("model", "models/" + b.model);
    meta.put("displayName", b.displayName);
    meta.put("createTime", b.created.toString());
    meta.put("updateTime", Instant.now().toString());
    meta.put("state", b.state);
    ObjectNode stats = meta.putObject("batchStats");
    stats.put("requestCount", Integer.toString(b.lines.size()));
    if (b.state.endsWith("SUCCEEDED")) {
      stats.put("successfulRequestCount", Integer.toString(b.succeeded));
      if (b.failed > 0) {
        stats.put("failedRequestCount", Integer.toString(b.failed));
      }
    } else if (!b.terminal()) {
      stats.put("pendingRequestCount", Integer.toString(b.lines.size()));
    }
    if (b.terminal()) {
      op.put("done", true);
      meta.put("endTime", Instant.now().toString());
    }
    if (b.state.endsWith("FAILED")) {
      op.putObject("error").put("code", 13).put("message", "Batch failed: internal error while processing the batch.");
    }
    if (b.state.endsWith("SUCCEEDED")) {
      ObjectNode output = meta.putObject("output");
      ObjectNode response = op.putObject("response");
      response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
      if (b.responsesFile != null) {
        output.put("responsesFile", b.responsesFile);
        response.put("responsesFile", b.responsesFile);
      } else {
        output.putObject("inlinedResponses").set("inlinedResponses", b.inlineResults);
        response.putObject("inlinedResponses").set("inlinedResponses", b.inlineResults);
      }
    }
    return op;
  }

  // ---- files ----

  private void upload(HttpRequestData request, ResponseSink sink) throws IOException {
    String command = request.header("X-Goog-Upload-Command").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
    String query = request.query();
    if (command.equals("start")) {
      if (!"resumable".equals(request.header("X-Goog-Upload-Protocol").orElse(""))) {
        throw ApiError.invalidArgument("X-Goog-Upload-Protocol", "only the resumable protocol is supported");
      }
      long length = Long.parseLong(request.header("X-Goog-Upload-Header-Content-Length").orElse("-1"));
      String mime = request.header("X-Goog-Upload-Header-Content-Type").orElse("application/octet-stream");
      String displayName = "";
      if (request.body().length > 0) {
        JsonNode meta = Json.MAPPER.readTree(request.body());
        JsonNode file = meta.path("file");
        displayName = file.path("displayName").asText(file.path("display_name").asText(""));
      }
      String id = "up" + ids.incrementAndGet();
      synchronized (this) {
        uploads.put(id, new Upload(displayName, mime, length));
      }
      String url = server.baseUrl() + "/upload/v1beta/files?upload_id=" + id + "&upload_protocol=resumable";
      sink.send(200, "text/plain", new byte[0], Map.of("X-Goog-Upload-URL", url, "X-Goog-Upload-Status", "active",
          "X-Goog-Upload-Chunk-Granularity", "8388608"));
      return;
    }
    Matcher m = Pattern.compile("(?:^|&)upload_id=([A-Za-z0-9]+)").matcher(query);
    if (!m.find()) {
      throw ApiError.invalidArgument("upload_id", "missing upload_id; start the upload with X-Goog-Upload-Command: start");
    }
    String id = m.group(1);
    synchronized (this) {
      Upload u = uploads.get(id);
      if (u == null) {
        throw notFound("upload " + id);
      }
      if (command.equals("query")) {
        sink.send(200, "text/plain", new byte[0], Map.of("X-Goog-Upload-Status", "active",
            "X-Goog-Upload-Size-Received", Integer.toString(u.bytes.size())));
        return;
      }
      if (!command.equals("upload") && !command.equals("upload,finalize")) {
        throw ApiError.invalidArgument("X-Goog-Upload-Command", "unknown upload command '" + command + "'");
      }
      long offset = Long.parseLong(request.header("X-Goog-Upload-Offset").orElse("-1"));
      if (offset != u.bytes.size()) {
        throw ApiError.invalidArgument("X-Goog-Upload-Offset", "offset " + offset + " does not match the "
            + u.bytes.size() + " bytes received so far");
      }
      u.bytes.writeBytes(request.body());
      if (command.equals("upload")) {
        sink.send(200, "text/plain", new byte[0], Map.of("X-Goog-Upload-Status", "active"));
        return;
      }
      byte[] bytes = u.bytes.toByteArray();
      if (u.declaredLength >= 0 && bytes.length != u.declaredLength) {
        throw ApiError.invalidArgument("X-Goog-Upload-Header-Content-Length", "declared " + u.declaredLength
            + " bytes but received " + bytes.length);
      }
      uploads.remove(id);
      String fileId = "f" + Integer.toString(ids.incrementAndGet(), 36) + sha256(bytes).substring(0, 8);
      StoredFile f = new StoredFile(fileId, u.displayName, u.mimeType, bytes, Instant.now());
      files.put(fileId, f);
      ObjectNode answer = Json.object();
      answer.set("file", fileJson(f));
      sink.send(200, JSON, Json.bytes(answer), Map.of("X-Goog-Upload-Status", "final"));
    }
  }

  private ObjectNode fileJson(StoredFile f) {
    ObjectNode file = Json.object();
    file.put("name", "files/" + f.id());
    file.put("displayName", f.displayName());
    file.put("mimeType", f.mimeType());
    file.put("sizeBytes", Integer.toString(f.bytes().length));
    file.put("createTime", f.created().toString());
    file.put("updateTime", f.created().toString());
    file.put("expirationTime", f.created().plusSeconds(48 * 3600).toString());
    file.put("sha256Hash", sha256(f.bytes()));
    file.put("uri", server.baseUrl() + "/v1beta/files/" + f.id());
    file.put("state", "ACTIVE");
    file.put("source", "UPLOADED");
    return file;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized int batchCount() {
    return batches.size();
  }

  private static void sendJson(ResponseSink sink, int status, ObjectNode body, Map<String, String> headers)
      throws IOException {
    sink.send(status, JSON, Json.bytes(body), headers);
  }
}
