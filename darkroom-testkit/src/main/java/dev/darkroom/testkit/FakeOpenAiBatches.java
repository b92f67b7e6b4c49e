package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.OpenAiHandler.OpenAiError;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.Json;
import dev.darkroom.testkit.internal.ResponseSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's Files API ({@code POST /v1/files} multipart with {@code purpose} and {@code file}, get,
 * {@code /content}, delete) and Batch API ({@code POST /v1/batches}, get, list, {@code /cancel}) for
 * the images endpoints. A batch is created {@code validating}; each poll moves it one step:
 * validating → in_progress (or {@code failed} with {@code errors.data} when a line is invalid) →
 * finalizing → completed (or {@code expired}, see {@link FakeOpenAI#enqueueBatchEnd}). Cancelling
 * answers {@code cancelling}, and the next poll {@code cancelled}. Lines run when the batch
 * finishes, through the same validation and generation as the endpoints (scripted replies apply to
 * lines); answered lines go to the output file, HTTP errors and unexecuted lines
 * ({@code batch_expired}, {@code batch_cancelled}) to the error file. Thread-safe.
 */
final class FakeOpenAiBatches {
  private static final String JSON = "application/json";
  private static final Pattern FILE = Pattern.compile("/v1/files/([A-Za-z0-9_-]+)(/content)?");
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([A-Za-z0-9_-]+)(/cancel)?");
  private static final Set<String> ENDPOINTS = Set.of("/v1/images/generations", "/v1/images/edits");
  private static final Set<String> OTHER_ENDPOINTS = Set.of("/v1/responses", "/v1/chat/completions",
      "/v1/embeddings", "/v1/completions", "/v1/moderations");
  private static final Set<String> PURPOSES = Set.of("batch", "vision", "user_data", "assistants", "fine-tune",
      "evals");
  private static final int MAX_LINES = 50_000;

  private final FakeOpenAI server;
  private final OpenAiHandler handler;
  private final Map<String, StoredFile> files = new LinkedHashMap<>();
  private final Map<String, Batch> batches = new LinkedHashMap<>();

  FakeOpenAiBatches(FakeOpenAI server, OpenAiHandler handler) {
    this.server = server;
    this.handler = handler;
  }

  private record StoredFile(String id, String filename, String purpose, byte[] bytes, long created) {}

  private record Line(String customId, String url, JsonNode body) {}

  private static final class Batch {
    final String id;
    final String endpoint;
    final String inputFileId;
    final JsonNode metadata;
    final long created = Instant.now().getEpochSecond();
    final FakeOpenAI.BatchEnd end;
    String status = "validating";
    int polls;
    final Map<String, Long> times = new LinkedHashMap<>();
    final List<Line> lines = new ArrayList<>();
    ArrayNode errors;
    String outputFileId;
    String errorFileId;
    int total;
    int completed;
    int failed;

    Batch(String id, String endpoint, String inputFileId, JsonNode metadata, FakeOpenAI.BatchEnd end) {
      this.id = id;
      this.endpoint = endpoint;
      this.inputFileId = inputFileId;
      this.metadata = metadata;
      this.end = end;
    }

    boolean terminal() {
      return status.equals("completed") || status.equals("failed") || status.equals("expired")
          || status.equals("cancelled");
    }

    void enter(String state) {
      status = state;
      times.put(state + "_at", Instant.now().getEpochSecond());
    }
  }

  /** Whether this path belongs to the Files or Batch API. */
  static boolean handles(String path) {
    return path.equals("/v1/files") || path.equals("/v1/batches") || FILE.matcher(path).matches()
        || BATCH.matcher(path).matches();
  }

  void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    String path = request.path();
    String method = request.method();
    Matcher m;
    if (path.equals("/v1/files")) {
      if (method.equals("POST")) {
        sendJson(sink, upload(request));
      } else if (method.equals("GET")) {
        synchronized (this) {
          ObjectNode list = list();
          files.values().forEach(f -> ((ArrayNode) list.get("data")).add(fileJson(f)));
          sendJson(sink, list);
        }
      } else {
        throw methodNotAllowed(method, path);
      }
    } else if ((m = FILE.matcher(path)).matches()) {
      StoredFile f;
      synchronized (this) {
        f = files.get(m.group(1));
      }
      if (f == null) {
        throw new OpenAiError(404, "invalid_request_error", "id", null, "No such File object: " + m.group(1));
      }
      boolean content = m.group(2) != null;
      if (content && method.equals("GET")) {
        sink.send(200, "application/octet-stream", f.bytes(), Map.of());
      } else if (!content && method.equals("GET")) {
        sendJson(sink, fileJson(f));
      } else if (!content && method.equals("DELETE")) {
        synchronized (this) {
          files.remove(f.id());
        }
        ObjectNode deleted = Json.object().put("id", f.id()).put("object", "file").put("deleted", true);
        sendJson(sink, deleted);
      } else {
        throw methodNotAllowed(method, path);
      }
    } else if (path.equals("/v1/batches")) {
      if (method.equals("POST")) {
        sendJson(sink, create(request));
      } else if (method.equals("GET")) {
        synchronized (this) {
          ObjectNode list = list();
          batches.values().forEach(b -> ((ArrayNode) list.get("data")).add(batchJson(b)));
          sendJson(sink, list);
        }
      } else {
        throw methodNotAllowed(method, path);
      }
    } else if ((m = BATCH.matcher(path)).matches()) {
      boolean cancel = m.group(2) != null;
      if (cancel && method.equals("POST")) {
        sendJson(sink, cancel(m.group(1)));
      } else if (!cancel && method.equals("GET")) {
        sendJson(sink, poll(m.group(1)));
      } else {
        throw methodNotAllowed(method, path);
      }
    } else {
      throw new OpenAiError(404, "invalid_request_error", null, null, "Invalid URL (" + method + " " + path + ")");
    }
  }

  private static OpenAiError methodNotAllowed(String method, String path) {
    return new OpenAiError(405, "invalid_request_error", null, null, "Invalid method for URL (" + method + " " + path
        + ")");
  }

  private static ObjectNode list() {
    ObjectNode list = Json.object().put("object", "list");
    list.putArray("data");
    list.put("has_more", false);
    return list;
  }

  // ---- files ----

  private ObjectNode upload(HttpRequestData request) {
    String type = request.header("Content-Type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw OpenAiError.invalid(null, "Invalid Content-Type header (" + type + "), expected multipart/form-data.");
    }
    MultipartForm form;
    try {
      form = MultipartForm.parse(type, request.body());
    } catch (IllegalArgumentException e) {
      throw OpenAiError.invalid(null, "Could not parse multipart form: " + e.getMessage());
    }
    String purpose = form.field("purpose").orElseThrow(() -> OpenAiError.invalid("purpose",
        "Missing required parameter: 'purpose'."));
    if (!PURPOSES.contains(purpose)) {
      throw OpenAiError.invalid("purpose", "Invalid value for 'purpose': '" + purpose + "'. Supported values are: "
          + String.join(", ", PURPOSES.stream().sorted().map(p -> "'" + p + "'").toList()) + ".");
    }
    MultipartForm.Part file = form.parts().stream().filter(p -> p.name().equals("file") && p.isFile()).findFirst()
        .orElseThrow(() -> OpenAiError.invalid("file", "Missing required parameter: 'file'."));
    if (purpose.equals("batch") && !file.filename().orElse("").endsWith(".jsonl")) {
      throw OpenAiError.invalid("file", "Invalid file format for Batch API. Must be .jsonl");
    }
    StoredFile f = store(file.filename().orElse("upload"), purpose, file.body());
    return fileJson(f);
  }

  private synchronized StoredFile store(String filename, String purpose, byte[] bytes) {
    String id = "file-" + randomId(24);
    StoredFile f = new StoredFile(id, filename, purpose, bytes, Instant.now().getEpochSecond());
    files.put(id, f);
    return f;
  }

  private static ObjectNode fileJson(StoredFile f) {
    ObjectNode o = Json.object();
    o.put("object", "file");
    o.put("id", f.id());
    o.put("purpose", f.purpose());
    o.put("filename", f.filename());
    o.put("bytes", f.bytes().length);
    o.put("created_at", f.created());
    o.putNull("expires_at");
    o.put("status", "processed");
    o.putNull("status_details");
    return o;
  }

  // ---- batches ----

  private ObjectNode create(HttpRequestData request) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      throw OpenAiError.invalid(null, "We could not parse the JSON body of your request.");
    }
    if (body == null || !body.isObject()) {
      throw OpenAiError.invalid(null, "The request body must be a JSON object.");
    }
    String fileId = text(body, "input_file_id");
    String endpoint = text(body, "endpoint");
    String window = text(body, "completion_window");
    if (OTHER_ENDPOINTS.contains(endpoint)) {
      throw OpenAiError.invalid("endpoint", "darkroom-testkit FakeOpenAI runs image batches only; endpoint '"
          + endpoint + "' is not served here.");
    }
    if (!ENDPOINTS.contains(endpoint)) {
      throw OpenAiError.invalid("endpoint", "Invalid value: '" + endpoint + "'. Supported values are: '/v1/responses',"
          + " '/v1/chat/completions', '/v1/embeddings', '/v1/completions', '/v1/moderations',"
          + " '/v1/images/generations' and '/v1/images/edits'.");
    }
    if (!window.equals("24h")) {
      throw OpenAiError.invalid("completion_window", "Invalid value: '" + window + "'. Supported values are: '24h'.");
    }
    JsonNode metadata = body.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isNull()) {
      if (!metadata.isObject() || metadata.size() > 16) {
        throw OpenAiError.invalid("metadata", "Invalid 'metadata': expected an object with at most 16 keys.");
      }
      metadata.fields().forEachRemaining(e -> {
        if (e.getKey().length() > 64 || !e.getValue().isTextual() || e.getValue().asText().length() > 512) {
          throw OpenAiError.invalid("metadata", "Invalid 'metadata': keys are at most 64 characters and values"
              + " strings of at most 512.");
        }
      });
    }
    StoredFile input;
    synchronized (this) {
      input = files.get(fileId);
    }
    if (input == null) {
      throw new OpenAiError(400, "invalid_request_error", "input_file_id", null, "Invalid 'input_file_id': '"
          + fileId + "'. No such File object.");
    }
    if (!input.purpose().equals("batch")) {
      throw OpenAiError.invalid("input_file_id", "Invalid 'input_file_id': file " + fileId + " has purpose '"
          + input.purpose() + "', expected 'batch'.");
    }
    Batch b = new Batch("batch_" + randomId(24), endpoint, fileId,
        metadata.isObject() ? metadata.deepCopy() : Json.NODES.nullNode(), server.nextBatchEnd());
    synchronized (this) {
      batches.put(b.id, b);
      return batchJson(b);
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw OpenAiError.invalid(field, "Missing required parameter: '" + field + "'.");
    }
    if (!v.isTextual()) {
      throw OpenAiError.invalid(field, "Invalid type for '" + field + "': expected a string.");
    }
    return v.asText();
  }

  private synchronized Batch find(String id) {
    Batch b = batches.get(id);
    if (b == null) {
      throw new OpenAiError(404, "invalid_request_error", null, null, "No batch found with id '" + id + "'.");
    }
    return b;
  }

  private ObjectNode poll(String id) {
    synchronized (this) {
      Batch b = find(id);
      if (!b.terminal()) {
        b.polls++;
        int n = server.batchPollsPerState();
        switch (b.status) {
          case "validating" -> {
            if (b.polls >= n) {
              validate(b);
              b.polls = 0;
            }
          }
          case "in_progress" -> {
            if (b.polls >= n) {
              b.enter("finalizing");
              b.polls = 0;
            }
          }
          case "finalizing" -> {
            if (b.polls >= n) {
              finish(b);
            }
          }
          case "cancelling" -> stop(b, "cancelled", "batch_cancelled", "This request was cancelled before it could"
              + " be executed.");
          default -> throw new IllegalStateException(b.status);
        }
      }
      return batchJson(b);
    }
  }

  private ObjectNode cancel(String id) {
    synchronized (this) {
      Batch b = find(id);
      if (b.terminal() || b.status.equals("cancelling")) {
        throw OpenAiError.invalid(null, "Cannot cancel a batch with status '" + b.status + "'.");
      }
      b.enter("cancelling");
      return batchJson(b);
    }
  }

  /** Checks every line as OpenAI does before running any: failed with errors.data, else in_progress. */
  private void validate(Batch b) {
    ArrayNode errors = readLines(b);
    if (!errors.isEmpty()) {
      b.errors = errors;
      b.lines.clear();
      b.enter("failed");
      return;
    }
    b.total = b.lines.size();
    b.enter("in_progress");
  }

  /** Parses the input file into {@code b.lines}; returns the problems found. */
  private ArrayNode readLines(Batch b) {
    StoredFile input = files.get(b.inputFileId);
    ArrayNode errors = Json.NODES.arrayNode();
    if (b.end == FakeOpenAI.BatchEnd.FAILED) {
      error(errors, "server_error", "The batch could not be validated because of an internal error.", null);
    }
    String[] text = input == null ? new String[0] : new String(input.bytes(), StandardCharsets.UTF_8).split("\n");
    Set<String> ids = new HashSet<>();
    String model = null;
    int n = 0;
    for (String raw : text) {
      n++;
      if (raw.isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = Json.MAPPER.readTree(raw);
      } catch (IOException e) {
        line = null;
      }
      if (line == null || !line.isObject()) {
        error(errors, "invalid_json_line", "This line is not parseable as valid JSON.", n);
        continue;
      }
      JsonNode customId = line.get("custom_id");
      if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
        error(errors, "missing_required_parameter", "Missing required parameter: 'custom_id'.", n);
        continue;
      }
      if (!ids.add(customId.asText())) {
        error(errors, "duplicate_custom_id", "The custom_id for this request is a duplicate of another request. The"
            + " custom_id parameter must be unique for each request in a batch.", n);
        continue;
      }
      if (!"POST".equals(line.path("method").asText())) {
        error(errors, "invalid_method", "Invalid value for 'method': only 'POST' is supported.", n);
        continue;
      }
      if (!b.endpoint.equals(line.path("url").asText())) {
        error(errors, "invalid_url", "The URL provided for this request does not match the batch endpoint.", n);
        continue;
      }
      JsonNode body = line.get("body");
      if (body == null || !body.isObject()) {
        error(errors, "missing_required_parameter", "Missing required parameter: 'body'.", n);
        continue;
      }
      String lineModel = body.path("model").asText("");
      if (model == null) {
        model = lineModel;
      } else if (!model.equals(lineModel)) {
        error(errors, "mismatched_model", "The provided model must be the same for all requests in a batch.", n);
        continue;
      }
      b.lines.add(new Line(customId.asText(), b.endpoint, body));
    }
    if (errors.isEmpty() && b.lines.isEmpty()) {
      error(errors, "empty_file", "The batch input file is empty.", null);
    }
    if (b.lines.size() > MAX_LINES) {
      error(errors, "too_many_tasks", "The batch input file has " + b.lines.size() + " requests; the maximum is "
          + MAX_LINES + ".", null);
    }
    return errors;
  }

  private static void error(ArrayNode errors, String code, String message, Integer line) {
    ObjectNode e = errors.addObject();
    e.put("code", code);
    e.put("message", message);
    e.putNull("param");
    if (line == null) {
      e.putNull("line");
    } else {
      e.put("line", line);
    }
  }

  /** Runs the lines: all of them, or (expiring) the first half; the rest are reported unexecuted. */
  private void finish(Batch b) {
    boolean expire = b.end == FakeOpenAI.BatchEnd.EXPIRED;
    int run = expire ? b.lines.size() / 2 : b.lines.size();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    for (int i = 0; i < b.lines.size(); i++) {
      Line line = b.lines.get(i);
      ObjectNode out = Json.object();
      out.put("id", "batch_req_" + randomId(24));
      out.put("custom_id", line.customId());
      if (i >= run) {
        out.putNull("response");
        out.putObject("error").put("code", "batch_expired")
            .put("message", "This request could not be executed before the completion window expired.");
        b.failed++;
        append(errors, out);
        continue;
      }
      Map.Entry<Integer, ObjectNode> answer = handler.answerLine(line.url(), line.body());
      ObjectNode response = out.putObject("response");
      response.put("status_code", answer.getKey());
      response.put("request_id", "req_" + randomId(32));
      response.set("body", answer.getValue());
      out.putNull("error");
      if (answer.getKey() / 100 == 2) {
        b.completed++;
        append(output, out);
      } else {
        b.failed++;
        append(errors, out);
      }
    }
    writeFiles(b, output, errors);
    b.enter(expire ? "expired" : "completed");
  }

  /** Ends a batch early: every line not run is reported in the error file with {@code code}. */
  private void stop(Batch b, String state, String code, String message) {
    if (b.total == 0 && b.lines.isEmpty()) {
      readLines(b); // cancelled while validating: the lines are still counted
      b.total = b.lines.size();
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    for (Line line : b.lines) {
      ObjectNode out = Json.object();
      out.put("id", "batch_req_" + randomId(24));
      out.put("custom_id", line.customId());
      out.putNull("response");
      out.putObject("error").put("code", code).put("message", message);
      b.failed++;
      append(errors, out);
    }
    writeFiles(b, new ByteArrayOutputStream(), errors);
    b.enter(state);
  }

  private void writeFiles(Batch b, ByteArrayOutputStream output, ByteArrayOutputStream errors) {
    if (output.size() > 0) {
      b.outputFileId = store(b.id + "_output.jsonl", "batch_output", output.toByteArray()).id();
    }
    if (errors.size() > 0) {
      b.errorFileId = store(b.id + "_error.jsonl", "batch_output", errors.toByteArray()).id();
    }
  }

  private static void append(ByteArrayOutputStream out, ObjectNode line) {
    out.writeBytes(Json.bytes(line));
    out.write('\n');
  }

  private static ObjectNode batchJson(Batch b) {
    ObjectNode o = Json.object();
    o.put("id", b.id);
    o.put("object", "batch");
    o.put("endpoint", b.endpoint);
    if (b.errors == null) {
      o.putNull("errors");
    } else {
      ObjectNode errors = o.putObject("errors");
      errors.put("object", "list");
      errors.set("data", b.errors.deepCopy());
    }
    o.put("input_file_id", b.inputFileId);
    o.put("completion_window", "24h");
    o.put("status", b.status);
    putNullable(o, "output_file_id", b.outputFileId);
    putNullable(o, "error_file_id", b.errorFileId);
    o.put("created_at", b.created);
    for (String field : List.of("in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
        "cancelling_at", "cancelled_at")) {
      Long t = b.times.get(field);
      if (t == null) {
        o.putNull(field);
      } else {
        o.put(field, t);
      }
    }
    o.put("expires_at", b.created + 24 * 3600);
    ObjectNode counts = o.putObject("request_counts");
    counts.put("total", b.total);
    counts.put("completed", b.completed);
    counts.put("failed", b.failed);
    o.set("metadata", b.metadata.deepCopy());
    return o;
  }

  private static void putNullable(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  synchronized int batchCount() {
    return batches.size();
  }

  private static String randomId(int hexChars) {
    byte[] b = new byte[(hexChars + 1) / 2];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b).substring(0, hexChars);
  }

  private static void sendJson(ResponseSink sink, ObjectNode body) throws IOException {
    sink.send(200, JSON, Json.bytes(body), Map.of());
  }
}
