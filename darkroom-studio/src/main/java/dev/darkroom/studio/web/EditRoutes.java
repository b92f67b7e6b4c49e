package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.history.History;
import dev.darkroom.history.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Edit page and its API, behind {@link Routes}' guard (token cookie, Host, and for POSTs same origin
 * and a JSON body). Bad input is a 4xx JSON error naming the field; an unknown session or job is 404.
 *
 * <pre>
 * GET  /edit                                   the page
 * GET  /api/edit/sessions                      recent sessions (from the history)
 * POST /api/edit/sessions                      start: {request, images?, image?, mask?} → 202 {job}
 * GET  /api/edit/sessions/{id}                 the session: turns as a tree, head, what it can do
 * GET  /api/edit/sessions/{id}/turns/{n}/image a turn's image
 * POST /api/edit/sessions/{id}/send            {instruction, turn?, images?, mask?} → 202 {job}
 * POST /api/edit/sessions/{id}/branch          {turn} → the session
 * POST /api/edit/sessions/{id}/undo            {} → the session
 * POST /api/edit/sessions/{id}/continue        {turn, image, instruction?, denoise?} → 202 {job, turn, denoise}
 * POST /api/edit/jobs/{job}/stop               {} → what was kept, and the session
 * </pre>
 *
 * Jobs are watched on {@code /api/jobs/{job}/events} like generations; an edit job's {@code turn} event
 * names the session and the turn it made.
 */
final class EditRoutes implements Routes.Extension {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final Pattern SESSION = Pattern.compile(
      "/api/edit/sessions/([A-Za-z0-9-]{1,64})(/send|/branch|/undo|/continue|/turns/(\\d{1,6})/image)?");
  private static final Pattern STOP = Pattern.compile("/api/edit/jobs/([A-Za-z0-9-]{1,40})/stop");
  private static final Pattern FILE = Pattern.compile("/files/(\\d{1,18})/(\\d{1,18})");

  private final EditSessions sessions;
  private final History history;
  private final Uploads uploads;
  private final JobRunner jobs;

  EditRoutes(EditSessions sessions, History history, Uploads uploads, JobRunner jobs) {
    this.sessions = sessions;
    this.history = history;
    this.uploads = uploads;
    this.jobs = jobs;
  }

  @Override
  public boolean route(HttpExchange ex, String method, String path) throws IOException {
    if (path.equals("/edit") && method.equals("GET")) {
      resource(ex, "edit.html", "text/html; charset=utf-8");
      return true;
    }
    if (path.equals("/static/edit.js") && method.equals("GET")) {
      resource(ex, "edit.js", "text/javascript; charset=utf-8");
      return true;
    }
    if (path.equals("/static/edit.css") && method.equals("GET")) {
      resource(ex, "edit.css", "text/css; charset=utf-8");
      return true;
    }
    if (!path.startsWith("/api/edit/")) {
      return false;
    }
    try {
      api(ex, method, path);
    } catch (EditSessions.NoSuchSession e) {
      error(ex, 404, e.getMessage(), "session");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(ex, 503, "the server is shutting down", null);
    }
    return true;
  }

  private void api(HttpExchange ex, String method, String path) throws IOException, InterruptedException {
    Matcher m;
    if (path.equals("/api/edit/sessions")) {
      if (method.equals("GET")) {
        ObjectNode o = HistoryJson.JSON.createObjectNode();
        o.set("sessions", sessions.list(50));
        json(ex, 200, o);
      } else if (method.equals("POST")) {
        Job job = sessions.start(first(body(ex)));
        json(ex, 202, HistoryJson.JSON.createObjectNode().put("job", job.id()));
      } else {
        error(ex, 405, "method not allowed", null);
      }
    } else if ((m = STOP.matcher(path)).matches()) {
      if (!method.equals("POST")) {
        error(ex, 405, "method not allowed", null);
        return;
      }
      Optional<Job> job = jobs.find(m.group(1));
      if (job.isEmpty()) {
        error(ex, 404, "no such job: " + m.group(1), "job");
        return;
      }
      Optional<EditSessions.Stopped> stopped = sessions.stop(job.get());
      if (stopped.isEmpty()) {
        error(ex, 400, "job " + m.group(1) + " is not an edit job; cancel it instead", "job");
        return;
      }
      EditSessions.Stopped s = stopped.get();
      ObjectNode o = HistoryJson.JSON.createObjectNode().put("stopped", s.stopped()).put("partial", s.partial())
          .put("turn", s.turn()).put("step", s.step()).put("total", s.total()).put("denoise", s.denoise())
          .put("reason", s.reason());
      if (s.sessionId() != null) {
        o.set("session", sessions.json(sessions.get(s.sessionId())));
      }
      json(ex, 200, o);
    } else if ((m = SESSION.matcher(path)).matches()) {
      session(ex, method, m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3));
    } else {
      error(ex, 404, "not found", null);
    }
  }

  private void session(HttpExchange ex, String method, String id, String sub, @Nullable String turn)
      throws IOException {
    if (method.equals("GET") && sub.isEmpty()) {
      json(ex, 200, sessions.json(sessions.get(id)));
    } else if (method.equals("GET") && turn != null) {
      Optional<Path> file = sessions.image(id, Integer.parseInt(turn));
      if (file.isEmpty()) {
        error(ex, 404, "the image of turn " + turn + " is not on disk (moved or deleted)", "turn");
        return;
      }
      byte[] bytes = Files.readAllBytes(file.get());
      ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
      send(ex, 200, mimeType(bytes), bytes);
    } else if (!method.equals("POST") || turn != null) {
      error(ex, 405, "method not allowed", null);
    } else if (sub.equals("/send")) {
      JsonNode b = body(ex);
      Integer from = b.hasNonNull("turn") ? turnNumber(b.get("turn")) : null;
      Job job = sessions.send(id, from, b.path("instruction").asText(""), images(b), mask(b), null);
      json(ex, 202, HistoryJson.JSON.createObjectNode().put("job", job.id()));
    } else if (sub.equals("/branch")) {
      JsonNode b = body(ex);
      if (!b.hasNonNull("turn")) {
        throw new InvalidRequestException("say which turn to branch from", "turn", List.of());
      }
      json(ex, 200, sessions.json(sessions.branch(id, turnNumber(b.get("turn")))));
    } else if (sub.equals("/undo")) {
      body(ex);
      json(ex, 200, sessions.json(sessions.undo(id)));
    } else {
      continueFrom(ex, id, body(ex));
    }
  }

  /**
   * Records the picture painted over a turn as the next turn, then sends from it as img2img at the
   * remaining strength (or {@code denoise} when given).
   */
  private void continueFrom(HttpExchange ex, String id, JsonNode b) throws IOException {
    EditSessions.State s = sessions.get(id);
    if (!EditSessions.coCreates(s.template)) {
      throw new InvalidRequestException("model " + s.template.model().id() + " takes no img2img strength (denoise);"
          + " continue is for local engines (ComfyUI, A1111, SwarmUI); send an instruction instead", "model",
          List.of());
    }
    if (!b.hasNonNull("turn")) {
      throw new InvalidRequestException("say which turn the picture was painted over", "turn", List.of());
    }
    int over = turnNumber(b.get("turn"));
    Double denoise = null;
    if (b.hasNonNull("denoise")) {
      denoise = b.get("denoise").asDouble(Double.NaN);
      if (!(denoise > 0 && denoise <= 1)) {
        throw new InvalidRequestException("denoise '" + b.get("denoise").asText() + "' is out of range; allowed: above 0"
            + " up to 1", "denoise", List.of("0.01..1"));
      }
    } else {
      denoise = sessions.continueDenoise(s, over).orElse(null);
    }
    String instruction = b.path("instruction").asText("");
    if (instruction.isBlank()) {
      instruction = sessions.continueInstruction(s, over);
    }
    Path painted = uploads.storePng(b.path("image").asText(""), "the painted image", "image");
    int turn = sessions.paint(id, over, painted);
    Job job = sessions.send(id, turn, instruction, List.of(), null, denoise);
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("job", job.id()).put("turn", turn);
    o.put("denoise", denoise);
    json(ex, 202, o);
  }

  private static int turnNumber(JsonNode v) {
    if (v.canConvertToInt() && v.isIntegralNumber() || v.isTextual() && v.asText().matches("\\d{1,6}")) {
      return v.asInt();
    }
    throw new InvalidRequestException("turn '" + v.asText() + "' is not a turn number", "turn", List.of("1, 2, 3…"));
  }

  /** The first request: {@code request} (canonical form), {@code image} (a history file URL), {@code images}, {@code mask}. */
  private ImageRequest first(JsonNode root) {
    ImageRequest.Builder b = Routes.requestOf(root, sessions.catalog());
    List<ImageInput> images = new ArrayList<>();
    String image = root.path("image").asText("");
    if (!image.isEmpty()) {
      images.add(ImageInput.of(historyFile(image)));
    }
    images.addAll(images(root));
    b.images(images);
    b.mask(mask(root));
    return b.build();
  }

  /** A history output file named by its URL ({@code /files/<record>/<file>}), resolved by ids only. */
  private Path historyFile(String url) {
    Matcher m = FILE.matcher(url);
    Optional<Path> path = Optional.empty();
    if (m.matches()) {
      long fileId = Long.parseLong(m.group(2));
      path = history.get(Long.parseLong(m.group(1))).flatMap(r -> r.outputs().stream()
          .filter(f -> f.id() == fileId).findFirst()).flatMap(OutputFile::path).filter(Files::isRegularFile);
    }
    return path.orElseThrow(() -> new InvalidRequestException("image '" + url + "' is not an image in the history",
        "image", List.of("/files/<record>/<file>")));
  }

  private List<ImageInput> images(JsonNode root) {
    List<ImageInput> out = new ArrayList<>();
    JsonNode images = root.path("images");
    for (int i = 0; i < images.size(); i++) {
      out.add(ImageInput.of(uploads.store(images.get(i).asText(""), i)));
    }
    return out;
  }

  private @Nullable ImageInput mask(JsonNode root) {
    String mask = root.path("mask").asText("");
    return mask.isEmpty() ? null : ImageInput.of(uploads.storePng(mask, "the mask", "mask"));
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new InvalidRequestException("the request body is larger than " + MAX_BODY + " bytes", "body",
          List.of("at most " + MAX_BODY + " bytes"));
    }
    JsonNode root = HistoryJson.JSON.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return root;
  }

  private static String mimeType(byte[] b) {
    if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return "image/jpeg";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
      return "image/webp";
    }
    return "image/png";
  }

  private static void resource(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = EditRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      send(ex, 200, type, in.readAllBytes());
    }
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", HistoryJson.JSON.writeValueAsBytes(body));
  }

  private static void error(HttpExchange ex, int status, @Nullable String message, @Nullable String field)
      throws IOException {
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("error", message == null ? "error" : message);
    if (field != null) {
      o.put("field", field);
    }
    o.putArray("allowed");
    json(ex, status, o);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
