package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.RequestCodec;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.History;
import dev.darkroom.history.StoredSession;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * The Edit page's editing sessions: started, continued, branched and undone from the studio, every
 * turn a {@link Job} (one {@link EditSession} call on the job's own client) and recorded in the
 * history as the library records sessions. Sessions are read back from the history when the server
 * has not seen them yet (a session started from the CLI or an earlier launch).
 *
 * <p>Stop-edit-continue (co-creation) on engines with an img2img strength option ({@code denoise}:
 * ComfyUI, A1111, SwarmUI): {@link #stop} cancels a running turn and keeps the engine's latest preview
 * image as a turn of its own (text {@code stopped at step S of T}); {@link #paint} records the picture
 * the user painted over a turn as the next turn; {@link #send} from there is img2img at
 * {@link #remainingDenoise the remaining strength}. All of them are turns of one session.
 *
 * <p>Thread-safe: a session runs one turn at a time; its state is guarded by the session's lock.
 */
final class EditSessions {
  /** The smallest strength a continuation uses, so a job stopped at its last step still samples. */
  static final double MIN_DENOISE = 0.05;
  private static final Pattern STOPPED = Pattern.compile("stopped at step (\\d+) of (\\d+)");
  private static final String PAINTED = "painted over turn ";
  private static final DateTimeFormatter SESSION_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Darkroom darkroom;
  private final History history;
  private final JobRunner jobs;
  private final Path sessionsDirectory;
  private final Map<String, State> sessions = new ConcurrentHashMap<>();
  /** Running edit jobs by job id: what a stop records. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** One session as the studio holds it; guarded by itself. */
  static final class State {
    final String id;
    final ImageRequest template;
    final Path directory;
    List<EditTurn> turns;
    int head;
    @Nullable Job running;

    State(String id, ImageRequest template, Path directory, List<EditTurn> turns, int head) {
      this.id = id;
      this.template = template;
      this.directory = directory;
      this.turns = List.copyOf(turns);
      this.head = head;
    }

    EditTurn turn(int n) {
      if (n < 1 || n > turns.size()) {
        throw new InvalidRequestException("session " + id + " has no turn " + n + "; turns are 1.." + turns.size(),
            "turn", List.of("1.." + turns.size()));
      }
      return turns.get(n - 1);
    }
  }

  /** A running edit job: the session it belongs to (null until a first turn exists) and its turn's request. */
  private record Pending(@Nullable String sessionId, ImageRequest request, int parent, String instruction) {}

  /** What {@link #stop} did, for the page. */
  record Stopped(boolean stopped, boolean partial, @Nullable String sessionId, int turn, int step, int total,
      @Nullable Double denoise, String reason) {}

  EditSessions(Darkroom darkroom, History history, JobRunner jobs, Path sessionsDirectory) {
    this.darkroom = darkroom;
    this.history = history;
    this.jobs = jobs;
    this.sessionsDirectory = sessionsDirectory;
  }

  ModelCatalog catalog() {
    return darkroom.catalog();
  }

  /**
   * The img2img strength a continuation uses after a stop at {@code step} of {@code total}: the fraction
   * of the steps still to run, {@code (total - step) / total}, rounded to two decimals and at least
   * {@link #MIN_DENOISE}. Stopped at step 12 of 30: 0.6.
   */
  static double remainingDenoise(int step, int total) {
    if (total <= 0 || step < 0) {
      return 1.0;
    }
    double d = Math.round((total - Math.min(step, total)) * 100.0 / total) / 100.0;
    return Math.max(MIN_DENOISE, d);
  }

  /** Whether the model's provider takes an img2img strength ({@code denoise}), so a stopped job can continue. */
  static boolean coCreates(ImageRequest request) {
    return Providers.find(request.model().provider()).map(p -> p.optionNames().contains("denoise")).orElse(false);
  }

  /**
   * The session, from memory or the history.
   *
   * @throws NoSuchSession when neither knows it
   */
  State get(String id) {
    State s = sessions.get(id);
    if (s != null) {
      return s;
    }
    StoredSession stored = history.session(id).orElseThrow(() -> new NoSuchSession(id));
    State loaded = new State(id, stored.template(darkroom.catalog()), stored.directory(), stored.turns(),
        stored.turns().isEmpty() ? 0 : stored.turns().size());
    State raced = sessions.putIfAbsent(id, loaded);
    return raced == null ? loaded : raced;
  }

  /** An unknown session id: the routes answer 404. */
  static final class NoSuchSession extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchSession(String id) {
      super("no such editing session: " + id, null, false, false);
    }
  }

  /** Recent sessions (newest first), as the page's list shows them. */
  ArrayNode list(int limit) {
    ArrayNode out = HistoryJson.JSON.createArrayNode();
    for (String id : history.sessionIds(limit)) {
      try {
        State s = get(id);
        synchronized (s) {
          ObjectNode o = out.addObject().put("id", s.id).put("model", s.template.model().id())
              .put("prompt", s.template.prompt()).put("turns", s.turns.size());
          o.put("thumb", s.turns.isEmpty() ? null : imageUrl(s.id, s.turns.size()));
        }
      } catch (RuntimeException e) {
        // a session whose model is no longer in the table is left out of the list
      }
    }
    return out;
  }

  /**
   * Starts a session whose first turn is {@code first} (already built, so valid), as a job.
   *
   * @throws InvalidRequestException when the model can neither continue a conversation nor edit images
   */
  Job start(ImageRequest first) {
    ImageProvider provider = Providers.find(first.model().provider()).orElseThrow();
    if (!provider.continuesConversations() && first.model().maxInputImages() < 1) {
      throw new InvalidRequestException("model " + first.model().id() + " can neither continue a conversation nor"
          + " edit an image; choose one that can", "model", List.of());
    }
    SaveOptions save = SaveOptions.builder().directory(sessionsDirectory).build();
    Job job = jobs.submit(first.model().id(), 1, (client, j) -> {
      EditSession session = client.session(first, save, history);
      State s = new State(session.id(), first, session.directory(), session.turns(), session.head().id());
      synchronized (s) {
        sessions.put(s.id, s);
        turnEvent(j, s);
      }
      return "succeeded";
    });
    pending.put(job.id(), new Pending(null, first, 0, first.prompt()));
    return job;
  }

  /**
   * Sends the next turn from {@code fromTurn} (the head when null) as a job. The turn's request is
   * built here first, so an invalid instruction, image or mask is refused before anything runs.
   *
   * @param denoise the img2img strength for this turn (engines with {@code denoise} only), or null
   * @throws InvalidRequestException when the turn is invalid or the session is busy
   */
  Job send(String id, @Nullable Integer fromTurn, String instruction, List<ImageInput> images,
      @Nullable ImageInput mask, @Nullable Double denoise) {
    State s = get(id);
    synchronized (s) {
      busy(s);
      if (instruction.isBlank()) {
        throw new InvalidRequestException("an edit instruction must not be blank", "instruction", List.of());
      }
      int from = fromTurn == null ? s.head : fromTurn;
      EditTurn parent = s.turn(from);
      ImageRequest template = denoise == null ? s.template : withDenoise(s.template, denoise);
      boolean conversation = Providers.find(template.model().provider()).orElseThrow().continuesConversations();
      List<ImageInput> sent = new ArrayList<>();
      if (!conversation) {
        sent.add(ImageInput.of(parent.image()));
      }
      sent.addAll(images);
      ImageRequest check = template.newBuilder().prompt(instruction).images(sent).mask(mask).count(1).build();
      List<EditTurn> turns = s.turns;
      Job job = jobs.submit(template.model().id(), 1, (client, j) -> {
        EditSession session = client.resumeSession(s.id, template, SaveOptions.builder().directory(s.directory).build(),
            turns, history);
        session.branch(from);
        EditTurn made = session.send(instruction, images, mask);
        synchronized (s) {
          s.turns = session.turns();
          s.head = made.id();
          turnEvent(j, s);
        }
        return "succeeded";
      });
      s.running = job;
      pending.put(job.id(), new Pending(s.id, check, from, instruction));
      return job;
    }
  }

  /** Makes {@code turn} the head. */
  State branch(String id, int turn) {
    State s = get(id);
    synchronized (s) {
      busy(s);
      s.turn(turn);
      s.head = turn;
      return s;
    }
  }

  /**
   * Moves the head to its parent.
   *
   * @throws InvalidRequestException at the first turn
   */
  State undo(String id) {
    State s = get(id);
    synchronized (s) {
      busy(s);
      EditTurn head = s.turn(s.head);
      s.head = head.parentId().orElseThrow(() -> new InvalidRequestException("turn " + head.id()
          + " is the first turn of session " + id + "; there is nothing to undo", "turn", List.of()));
      return s;
    }
  }

  /**
   * Records {@code painted} (an image the user painted over turn {@code over}, stored by the uploads) as
   * the next turn, continuing {@code over}, and makes it the head.
   *
   * @return the new turn's number
   */
  int paint(String id, int over, Path painted) {
    State s = get(id);
    synchronized (s) {
      busy(s);
      s.turn(over);
      int n = s.turns.size() + 1;
      Path file = s.directory.resolve("turn-" + n + ".painted.png");
      try {
        Files.createDirectories(s.directory);
        Files.copy(painted, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the painted image in " + s.directory, e);
      }
      record(s, EditTurn.builder().id(n).parentId(over).instruction(PAINTED + over + " in the browser").image(file)
          .costUsd(BigDecimal.ZERO).created(Instant.now()).build());
      return n;
    }
  }

  /**
   * The strength a continuation from {@code turn} uses: the {@link #remainingDenoise remaining fraction}
   * when the turn is a stopped preview or a picture painted over one; empty otherwise (the engine's
   * default img2img strength).
   */
  Optional<Double> continueDenoise(State s, int turn) {
    synchronized (s) {
      EditTurn t = s.turn(turn);
      while (true) {
        Matcher m = STOPPED.matcher(t.text());
        if (m.lookingAt()) {
          return Optional.of(remainingDenoise(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        if (!t.instruction().startsWith(PAINTED) || t.parentId().isEmpty()) {
          return Optional.empty();
        }
        t = s.turn(t.parentId().get());
      }
    }
  }

  /** The instruction a continuation from {@code turn} repeats: the nearest turn's that is not a painting. */
  String continueInstruction(State s, int turn) {
    synchronized (s) {
      EditTurn t = s.turn(turn);
      while (t.instruction().startsWith(PAINTED) && t.parentId().isPresent()) {
        t = s.turn(t.parentId().get());
      }
      return t.instruction();
    }
  }

  /**
   * Stops edit job {@code jobId}: cancels it, waits for it to end, and keeps the engine's latest preview
   * image (its {@code partial} events) as a turn, with the step it stopped at.
   *
   * @return what happened; empty when the job is not an edit job
   */
  Optional<Stopped> stop(Job job) throws InterruptedException {
    Pending p = pending.get(job.id());
    if (p == null) {
      return Optional.empty();
    }
    job.cancel();
    int i = 0;
    String status = "";
    byte[] partial = null;
    int step = 0;
    int total = 0;
    while (true) {
      Optional<Job.Event> e = job.await(i, 60_000);
      if (e.isEmpty()) {
        throw new IllegalStateException("job " + job.id() + " did not end within a minute of being stopped");
      }
      Job.Event event = e.get();
      i++;
      switch (event.type()) {
        case "progress" -> {
          step = event.data().path("step").asInt();
          total = event.data().path("total").asInt();
        }
        case "partial" -> {
          String url = event.data().path("dataUrl").asText("");
          partial = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        }
        default -> { }
      }
      if (event.type().equals(Job.DONE)) {
        status = event.data().path("status").asText();
        break;
      }
    }
    pending.remove(job.id());
    String provider = Providers.find(p.request().model().provider()).map(ImageProvider::displayName)
        .orElse(p.request().model().provider());
    State existing = p.sessionId() == null ? null : get(p.sessionId());
    if (!status.equals("cancelled")) {
      return Optional.of(new Stopped(false, false, p.sessionId(),
          existing == null ? 0 : existing.head, step, total, null, "the job had already ended (" + status + ")"));
    }
    if (!coCreates(p.request())) {
      return Optional.of(new Stopped(true, false, p.sessionId(), existing == null ? 0 : existing.head, step, total,
          null, provider + " has no img2img strength, so a stopped job cannot be continued; it was cancelled"));
    }
    if (partial == null) {
      String why = provider + " sent no preview image before the stop (ComfyUI sends them when started with"
          + " --preview-method auto; A1111 and SwarmUI when live previews are on)";
      if (existing == null) {
        return Optional.of(new Stopped(true, false, null, 0, step, total, null,
            why + ", and no turn has finished yet: there is nothing to continue from; generate again"));
      }
      return Optional.of(new Stopped(true, false, existing.id, existing.head, step, total, null,
          why + "; continue from the last finished image instead"));
    }
    State s = existing != null ? existing : newSession(p.request());
    synchronized (s) {
      if (s.running == job) {
        s.running = null;
      }
      int n = s.turns.size() + 1;
      Path file = keepPartial(s, n, partial);
      record(s, EditTurn.builder().id(n).parentId(p.parent()).instruction(p.instruction()).image(file)
          .text("stopped at step " + step + " of " + total).costUsd(BigDecimal.ZERO).created(Instant.now()).build());
      return Optional.of(new Stopped(true, true, s.id, n, step, total, remainingDenoise(step, total),
          "stopped at step " + step + " of " + total));
    }
  }

  /** The turn's image file, when it is on disk. */
  Optional<Path> image(String id, int turn) {
    State s = get(id);
    synchronized (s) {
      Path p = s.turn(turn).image();
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
  }

  /** The session as the page shows it; file paths never leave the server. */
  ObjectNode json(State s) {
    synchronized (s) {
      if (s.running != null && s.running.finished()) {
        s.running = null;
      }
      ObjectNode o = HistoryJson.JSON.createObjectNode();
      o.put("id", s.id).put("model", s.template.model().id()).put("provider", s.template.model().provider())
          .put("prompt", s.template.prompt()).put("head", s.head)
          .put("mode", Providers.find(s.template.model().provider()).map(ImageProvider::continuesConversations)
              .orElse(false) ? "CONVERSATION" : "EDITS")
          .put("mask", s.template.model().supportsMask()).put("coCreate", coCreates(s.template))
          .put("running", s.running == null ? null : s.running.id());
      ArrayNode turns = o.putArray("turns");
      for (EditTurn t : s.turns) {
        ObjectNode x = turns.addObject().put("id", t.id()).put("parent", t.parentId().orElse(0))
            .put("instruction", t.instruction()).put("text", t.text()).put("costUsd", t.costUsd().toPlainString())
            .put("created", t.created().toString()).put("url", imageUrl(s.id, t.id()))
            .put("painted", t.instruction().startsWith(PAINTED));
        Matcher m = STOPPED.matcher(t.text());
        if (m.lookingAt()) {
          x.putObject("stopped").put("step", Integer.parseInt(m.group(1))).put("total", Integer.parseInt(m.group(2)));
        }
        continueDenoise(s, t.id()).ifPresent(d -> x.put("denoise", d));
      }
      return o;
    }
  }

  private static String imageUrl(String session, int turn) {
    return "/api/edit/sessions/" + session + "/turns/" + turn + "/image";
  }

  private void turnEvent(Job job, State s) {
    job.emit("turn", HistoryJson.JSON.createObjectNode().put("session", s.id).put("turn", s.head));
  }

  private void busy(State s) {
    if (s.running != null && !s.running.finished()) {
      throw new InvalidRequestException("a turn of session " + s.id + " is still running (job " + s.running.id()
          + "); wait for it or stop it", "session", List.of());
    }
    s.running = null;
  }

  /** A session for a first turn that was stopped before it finished. */
  private State newSession(ImageRequest first) {
    Instant now = Instant.now();
    String id = SESSION_ID.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    State s = new State(id, first, sessionsDirectory.resolve(id), List.of(), 0);
    sessions.put(id, s);
    return s;
  }

  /** Appends {@code turn} to the session, makes it the head and records it in the history. */
  private void record(State s, EditTurn turn) {
    List<EditTurn> turns = new ArrayList<>(s.turns);
    turns.add(turn);
    EditSession session = darkroom.resumeSession(s.id, s.template, SaveOptions.builder().directory(s.directory).build(),
        turns, history);
    history.saveTurn(session, turn);
    s.turns = List.copyOf(turns);
    s.head = turn.id();
  }

  /**
   * Writes a preview image as the turn's PNG, scaled up to the request's pixel size when it is smaller
   * (engines preview at a fraction of the size), so a continuation samples at the size asked for.
   */
  private static Path keepPartial(State s, int n, byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new InvalidRequestException("the engine's preview image could not be read");
      }
      int[] size = pixels(s.template.effectiveImageSize());
      if (size != null && (img.getWidth() < size[0] || img.getHeight() < size[1])) {
        BufferedImage big = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size[0], size[1], null);
        g.dispose();
        img = big;
      }
      Files.createDirectories(s.directory);
      Path file = s.directory.resolve("turn-" + n + ".stopped.png");
      Path tmp = Files.createTempFile(s.directory, ".partial", ".tmp");
      ImageIO.write(img, "png", tmp.toFile());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the stopped preview in " + s.directory, e);
    }
  }

  private static int @Nullable [] pixels(String size) {
    Matcher m = Pattern.compile("(\\d{1,5})x(\\d{1,5})").matcher(size);
    return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }

  /** {@code template} with the provider option {@code denoise} set, through the canonical form. */
  private ImageRequest withDenoise(ImageRequest template, double denoise) {
    if (!coCreates(template)) {
      throw new InvalidRequestException("model " + template.model().id() + " takes no img2img strength (denoise);"
          + " continuing a stopped job needs a local engine (ComfyUI, A1111, SwarmUI)", "denoise", List.of());
    }
    if (!(denoise > 0 && denoise <= 1)) {
      throw new InvalidRequestException("denoise " + denoise + " is out of range; allowed: above 0 up to 1", "denoise",
          List.of("0.01..1"));
    }
    ObjectNode canonical = RequestCodec.write(template);
    ((ObjectNode) canonical.get("options")).put("denoise", denoise);
    return RequestCodec.read(canonical, darkroom.catalog()).build();
  }
}
