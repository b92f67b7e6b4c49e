package dev.darkroom;

import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.PreparedInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Editing an image in conversation: "make the jacket red", then "now at night", each turn building
 * on the last. Create one with {@link Darkroom#session(ImageRequest, SaveOptions, SessionStore)}.
 *
 * <pre>{@code
 * EditSession s = darkroom.session(darkroom.request().prompt("A fox in a red jacket").build(),
 *     SaveOptions.toDirectory(Path.of("out/fox")), history);
 * s.send("make the jacket blue");
 * s.undo();                    // back to the first image
 * s.send("now at night");      // a branch: continues turn 1
 * }</pre>
 *
 * <p>Two modes, chosen by the model's provider:
 * <ul>
 *   <li>{@link Mode#CONVERSATION} when the provider continues conversations (Gemini): every turn
 *       sends the whole branch so far, the model's parts with their thought signatures byte-exact,
 *       images read from the session's files;</li>
 *   <li>{@link Mode#EDITS} otherwise, when the model takes input images (OpenAI): every turn is an
 *       edit of the previous turn's image, with the turn's own images and optional mask.</li>
 * </ul>
 *
 * <p>Each turn is a request built from the first one (same model, size, options) with the turn's
 * instruction and images, validated like a one-shot request, for one image. Its image is saved in
 * the session's directory ({@code <save directory>/<session id>/}) as {@code turn-<n>.<ext>}; the images the model must see again are kept
 * next to it exactly as sent or received ({@code turn-<n>.in-<k>.<ext>},
 * {@code turn-<n>.model-<k>.<ext>}), and so are the model's opaque signatures ({@code turn-<n>.sig-<k>},
 * owner-only). Only then is the turn handed to the {@link SessionStore}.
 *
 * <p>Memory does not grow with the turns: the session holds earlier images and signatures by
 * reference to those files (a provider streams them into the next request) and keeps no turn's
 * {@link Generation}; only the turn {@link #send} returns carries one.
 *
 * <p>Turns form a tree: {@link #branch} and {@link #undo} move the head, and the next
 * {@link #send} continues from it. Thread-safe (turns run one at a time).
 */
public final class EditSession {
  /** How turns reach the model. */
  public enum Mode {
    /** The earlier turns are sent with each new one (signatures kept). */
    CONVERSATION,
    /** Each turn edits the previous turn's image. */
    EDITS
  }

  private final Darkroom darkroom;
  private final String id;
  private final ImageRequest template;
  private final SaveOptions save;
  private final Path directory;
  private final SessionStore store;
  private final Mode mode;
  private final List<EditTurn> turns = new ArrayList<>();
  private int head;

  private EditSession(Darkroom darkroom, String id, ImageRequest template, SaveOptions save, Path directory,
      SessionStore store, List<EditTurn> turns) {
    this.darkroom = darkroom;
    this.id = id;
    this.template = template;
    this.save = save;
    this.directory = directory;
    this.store = store;
    this.mode = modeFor(darkroom, template);
    this.turns.addAll(mode == Mode.CONVERSATION ? bySignatureFiles(turns) : turns);
    this.head = turns.isEmpty() ? 0 : turns.get(turns.size() - 1).id();
  }

  private static Mode modeFor(Darkroom darkroom, ImageRequest request) {
    if (darkroom.provider(request).continuesConversations()) {
      return Mode.CONVERSATION;
    }
    if (request.model().maxInputImages() > 0) {
      return Mode.EDITS;
    }
    throw new InvalidRequestException("provider " + request.model().provider() + " cannot continue a conversation"
        + " and model " + request.model().id() + " takes no input images to edit; choose a model that does",
        "model", List.of());
  }

  static EditSession start(Darkroom darkroom, String id, ImageRequest first, SaveOptions save, SessionStore store) {
    EditSession s = new EditSession(darkroom, id, first, save, save.directory().resolve(id), store, List.of());
    s.run(first.prompt(), first.images(), first.mask().orElse(null), true);
    return s;
  }

  static EditSession resume(Darkroom darkroom, String id, ImageRequest template, SaveOptions save,
      SessionStore store, List<EditTurn> turns) {
    if (turns.isEmpty()) {
      throw new InvalidRequestException("session " + id + " has no finished turn to continue from");
    }
    for (int i = 0; i < turns.size(); i++) {
      if (turns.get(i).id() != i + 1) {
        throw new IllegalArgumentException("turns of session " + id + " must be numbered 1.." + turns.size()
            + " in order; turn " + (i + 1) + " has id " + turns.get(i).id());
      }
    }
    return new EditSession(darkroom, id, template, save, save.directory(), store, turns);
  }

  /** The session's id, e.g. {@code 20261206-130512-4f2a}. */
  public String id() {
    return id;
  }

  /** The first request: every turn copies its model, size and options. */
  public ImageRequest template() {
    return template;
  }

  /** Where the session's files go: a directory named after the session inside the one it started with. */
  public Path directory() {
    return directory;
  }

  public Mode mode() {
    return mode;
  }

  /** All turns, in the order they were made (branches included). */
  public synchronized List<EditTurn> turns() {
    return List.copyOf(turns);
  }

  /** The turn the next {@link #send} continues. */
  public synchronized EditTurn head() {
    return turn(head);
  }

  /** Turn {@code turnId}. @throws IllegalArgumentException when there is none */
  public synchronized EditTurn turn(int turnId) {
    if (turnId < 1 || turnId > turns.size()) {
      throw new IllegalArgumentException("session " + id + " has no turn " + turnId + "; turns are 1.."
          + turns.size());
    }
    return turns.get(turnId - 1);
  }

  /** Sends the next instruction, continuing the head. See {@link #send(String, List, ImageInput)}. */
  public EditTurn send(String instruction) {
    return send(instruction, List.of(), null);
  }

  /** Sends the next instruction with more images. See {@link #send(String, List, ImageInput)}. */
  public EditTurn send(String instruction, List<ImageInput> images) {
    return send(instruction, images, null);
  }

  /**
   * Sends one turn continuing the head, which becomes the new turn.
   *
   * @param images images the user adds in this turn
   * @param mask an edit mask over the previous image ({@link Mode#EDITS} with a model that takes one)
   * @throws InvalidRequestException when the turn's request is invalid (nothing is sent)
   * @throws DarkroomException when the call fails; the head does not move
   */
  public synchronized EditTurn send(String instruction, List<ImageInput> images, @Nullable ImageInput mask) {
    Objects.requireNonNull(instruction, "instruction");
    if (instruction.isBlank()) {
      throw new InvalidRequestException("an edit instruction must not be blank", "instruction", List.of());
    }
    return run(instruction, images, mask, false);
  }

  /**
   * Makes {@code turnId} the head: the next turn continues from it, leaving later turns as a
   * separate branch.
   *
   * @return that turn
   */
  public synchronized EditTurn branch(int turnId) {
    EditTurn t = turn(turnId);
    head = turnId;
    return t;
  }

  /**
   * Moves the head back to its parent (the turn is kept, as a branch).
   *
   * @return the new head
   * @throws IllegalStateException at the first turn
   */
  public synchronized EditTurn undo() {
    EditTurn current = head();
    int parent = current.parentId().orElseThrow(
        () -> new IllegalStateException("turn " + current.id() + " is the first turn of session " + id
            + "; there is nothing to undo"));
    head = parent;
    return turn(parent);
  }

  /**
   * "Make it more X": sends the same instruction {@code times} times, each turn continuing the last.
   * Stops early when a turn is blocked or has no image, or when the session's turns so far cost at
   * least {@code maxCostUsd}.
   *
   * @param maxCostUsd a cost limit for the turns this call makes, or null for none
   * @return the turns made, in order; fewer than {@code times} when it stopped early
   * @throws DarkroomException other failures (turns made before are kept in the session)
   */
  public synchronized List<EditTurn> iterate(String instruction, int times, @Nullable BigDecimal maxCostUsd) {
    if (times < 1) {
      throw new InvalidRequestException("iterations must be at least 1, got " + times, "n", List.of());
    }
    List<EditTurn> made = new ArrayList<>();
    BigDecimal spent = BigDecimal.ZERO;
    for (int i = 0; i < times; i++) {
      if (maxCostUsd != null && spent.compareTo(maxCostUsd) >= 0) {
        break;
      }
      try {
        EditTurn t = send(instruction);
        made.add(t);
        spent = spent.add(t.costUsd());
      } catch (ContentBlockedException | NoImageException e) {
        darkroom.warn("iteration " + (i + 1) + " stopped: " + e.getMessage());
        break;
      }
    }
    return made;
  }

  /** {@link #iterate(String, int, BigDecimal)} without a cost limit. */
  public List<EditTurn> iterate(String instruction, int times) {
    return iterate(instruction, times, null);
  }

  /** The conversation a turn continuing {@code turnId} sends first: that turn's branch, oldest first. */
  Conversation history(int turnId) {
    Deque<EditTurn> branch = new ArrayDeque<>();
    for (int t = turnId; t != 0; t = turn(t).parentId().orElse(0)) {
      branch.addFirst(turn(t));
    }
    List<Conversation.Turn> out = new ArrayList<>();
    for (EditTurn t : branch) {
      List<Conversation.Part> user = new ArrayList<>();
      for (int i = 0; i < t.userImages().size(); i++) {
        user.add(Conversation.Part.image(
            Conversation.ImageRef.ofFile(t.userImages().get(i), t.userImageTypes().get(i)), null));
      }
      user.add(Conversation.Part.text(t.instruction(), null));
      out.add(new Conversation.Turn(Conversation.Role.USER, user));
      out.add(new Conversation.Turn(Conversation.Role.MODEL, t.modelParts()));
    }
    return new Conversation(out);
  }

  private EditTurn run(String instruction, List<ImageInput> images, @Nullable ImageInput mask, boolean first) {
    int turnId = turns.size() + 1;
    int parent = first ? 0 : head;
    List<ImageInput> sent = new ArrayList<>();
    if (mode == Mode.EDITS && !first) {
      sent.add(ImageInput.of(head().image()));
    }
    sent.addAll(images);
    ImageRequest request = template.newBuilder()
        .prompt(instruction)
        .images(sent)
        .mask(mask)
        .count(1)
        .build();
    SaveOptions turnSave = SaveOptions.builder()
        .directory(directory)
        .baseName("turn-" + turnId)
        .format(save.format())
        .jpegQuality(save.jpegQuality())
        .build();
    EditTurn.Builder b = EditTurn.builder().id(turnId).parentId(parent).instruction(instruction);
    Generation g;
    if (mode == Mode.CONVERSATION) {
      Conversation history = first ? Conversation.EMPTY : history(parent);
      Darkroom.Step step = darkroom.converse(request, history, turnSave);
      g = step.generation();
      int k = 1;
      for (PreparedInput in : step.inputs()) {
        Path file = keep(turnId + ".in-" + k++, in.bytes(), in.mimeType());
        b.addUserImage(file, in.mimeType());
      }
      List<Conversation.Part> parts = new ArrayList<>();
      k = 1;
      int signed = 1;
      for (Conversation.Part p : step.modelTurn()) {
        Conversation.Part kept = p;
        if (p.image().isPresent()) {
          Conversation.ImageRef ref = p.image().get();
          kept = p.withImage(Conversation.ImageRef.ofFile(
              keep(turnId + ".model-" + k++, ref.read(), ref.mimeType()), ref.mimeType()));
        }
        if (p.signed() && p.signatureFile().isEmpty()) {
          kept = kept.withSignatureFile(keepSignature("turn-" + turnId + ".sig-" + signed++, p.signature().orElseThrow()));
        }
        parts.add(kept);
      }
      b.modelParts(parts);
    } else {
      g = darkroom.generate(request, turnSave).generations().get(0);
    }
    GeneratedImage image = g.images().get(0);
    Path saved = image.path().orElseThrow(() -> new IllegalStateException("turn image was not saved"));
    EditTurn turn = b.image(saved).text(g.text()).costUsd(g.costUsd()).created(darkroom.now()).build();
    turns.add(turn);
    head = turnId;
    try {
      store.saveTurn(this, turn);
    } catch (RuntimeException e) {
      darkroom.warn("could not record turn " + turnId + " of session " + id + ": " + e.getMessage());
    }
    return turn.withGeneration(g);
  }

  /**
   * Keeps a signature in the session's directory ({@code turn-<n>.sig-<k>}, opaque bytes, owner-only
   * where the file system allows) so the session holds it by reference, not in memory. An existing
   * file with the same bytes is reused (a resumed session).
   */
  private Path keepSignature(String name, byte[] signature) {
    Path file = directory.resolve(name);
    try {
      if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) == signature.length
          && java.util.Arrays.equals(java.nio.file.Files.readAllBytes(file), signature)) {
        return file;
      }
      Path written = AtomicFiles.writeNew(file, signature, true);
      try {
        java.nio.file.Files.setPosixFilePermissions(written, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the directory's permissions apply
      }
      return written;
    } catch (IOException e) {
      throw new OutputException("cannot keep a signature of session " + id + " in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The turns with their in-memory signatures moved to files in the session's directory. */
  private List<EditTurn> bySignatureFiles(List<EditTurn> loaded) {
    List<EditTurn> out = new ArrayList<>(loaded.size());
    for (EditTurn t : loaded) {
      List<Conversation.Part> parts = new ArrayList<>();
      boolean changed = false;
      int signed = 1;
      for (Conversation.Part p : t.modelParts()) {
        if (p.signed() && p.signatureFile().isEmpty()) {
          parts.add(p.withSignatureFile(keepSignature("turn-" + t.id() + ".sig-" + signed++, p.signature().orElseThrow())));
          changed = true;
        } else {
          parts.add(p);
        }
      }
      out.add(changed ? t.withModelParts(parts) : t);
    }
    return out;
  }

  private Path keep(String name, byte[] bytes, String mimeType) {
    String ext = ImageFormat.sniff(bytes).map(ImageFormat::extension).orElse("bin");
    Path file = directory.resolve("turn-" + name + "." + ext);
    try {
      return AtomicFiles.writeNew(file, bytes, true);
    } catch (IOException e) {
      throw new OutputException("cannot keep " + file + " for the session: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "EditSession{" + id + ", " + mode + ", " + turns.size() + " turns, head " + head + "}";
  }
}
