package dev.darkroom;

import dev.darkroom.spi.Conversation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One finished turn of an {@link EditSession}: the user's instruction (and images), the model's
 * answer as saved files, and, for providers that continue conversations, the model's parts with
 * their opaque signatures. Immutable. Turns form a tree: each has the turn it continued as parent
 * (none for the first), so branches share their history.
 *
 * <p>Every file a turn names is on disk before the turn exists. {@link #toString()} never shows
 * signatures.
 */
public final class EditTurn {
  private final int id;
  private final int parentId;
  private final String instruction;
  private final List<Path> userImages;
  private final List<String> userImageTypes;
  private final Path image;
  private final String text;
  private final List<Conversation.Part> modelParts;
  private final BigDecimal costUsd;
  private final Instant created;
  private final @Nullable Generation generation;

  private EditTurn(Builder b) {
    if (b.id < 1) {
      throw new IllegalArgumentException("turn id must be at least 1, got " + b.id);
    }
    if (b.parentId < 0 || b.parentId >= b.id) {
      throw new IllegalArgumentException("parent of turn " + b.id + " must be 0 (none) or an earlier turn, got "
          + b.parentId);
    }
    if (b.userImages.size() != b.userImageTypes.size()) {
      throw new IllegalArgumentException("each user image needs its MIME type");
    }
    this.id = b.id;
    this.parentId = b.parentId;
    this.instruction = Objects.requireNonNull(b.instruction, "instruction");
    this.userImages = List.copyOf(b.userImages);
    this.userImageTypes = List.copyOf(b.userImageTypes);
    this.image = Objects.requireNonNull(b.image, "image");
    this.text = b.text;
    this.modelParts = List.copyOf(b.modelParts);
    this.costUsd = b.costUsd;
    this.created = Objects.requireNonNull(b.created, "created");
    this.generation = b.generation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The turn's number in its session, from 1. */
  public int id() {
    return id;
  }

  /** The turn this one continued; empty for a session's first turn. */
  public Optional<Integer> parentId() {
    return parentId == 0 ? Optional.empty() : Optional.of(parentId);
  }

  /** What the user asked in this turn. */
  public String instruction() {
    return instruction;
  }

  /** The images the user added in this turn, as sent (files kept with the session). */
  public List<Path> userImages() {
    return userImages;
  }

  /** MIME types of {@link #userImages()}, in the same order. */
  public List<String> userImageTypes() {
    return userImageTypes;
  }

  /** The image this turn produced, as saved. */
  public Path image() {
    return image;
  }

  /** What the model said besides the image; empty when nothing. */
  public String text() {
    return text;
  }

  /**
   * The model's answer as the provider will need it on the next turn: its parts in order, images
   * referring to files kept with the session, signatures byte-exact. Empty for sessions whose
   * provider edits turn by turn instead of continuing a conversation.
   */
  public List<Conversation.Part> modelParts() {
    return modelParts;
  }

  /** What this turn cost. */
  public BigDecimal costUsd() {
    return costUsd;
  }

  /** When the turn finished. */
  public Instant created() {
    return created;
  }

  /**
   * The generation behind this turn, on the turn {@link EditSession#send} returned. Turns read
   * back ({@link EditSession#turns()}, {@link EditSession#turn}, resumed sessions) have none: a
   * session does not keep every turn's image bytes in memory.
   */
  public Optional<Generation> generation() {
    return Optional.ofNullable(generation);
  }

  /** The same turn carrying {@code g}. */
  EditTurn withGeneration(@Nullable Generation g) {
    return copy().generation(g).build();
  }

  /** The same turn with other model parts (e.g. the same signatures held by reference). */
  EditTurn withModelParts(List<Conversation.Part> parts) {
    return copy().modelParts(parts).build();
  }

  private Builder copy() {
    Builder b = builder().id(id).parentId(parentId).instruction(instruction).image(image).text(text)
        .modelParts(modelParts).costUsd(costUsd).created(created).generation(generation);
    for (int i = 0; i < userImages.size(); i++) {
      b.addUserImage(userImages.get(i), userImageTypes.get(i));
    }
    return b;
  }

  @Override
  public String toString() {
    return "EditTurn{" + id + (parentId == 0 ? "" : " after " + parentId) + ", \"" + instruction + "\" -> " + image
        + ", " + modelParts.size() + " model parts}";
  }

  /** Builds an {@link EditTurn}; used by sessions and by stores that read turns back. */
  public static final class Builder {
    private int id;
    private int parentId;
    private @Nullable String instruction;
    private final List<Path> userImages = new ArrayList<>();
    private final List<String> userImageTypes = new ArrayList<>();
    private @Nullable Path image;
    private String text = "";
    private final List<Conversation.Part> modelParts = new ArrayList<>();
    private BigDecimal costUsd = BigDecimal.ZERO;
    private @Nullable Instant created;
    private @Nullable Generation generation;

    private Builder() {}

    public Builder id(int id) {
      this.id = id;
      return this;
    }

    /** 0 for none. */
    public Builder parentId(int parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder instruction(String instruction) {
      this.instruction = instruction;
      return this;
    }

    public Builder addUserImage(Path file, String mimeType) {
      userImages.add(Objects.requireNonNull(file));
      userImageTypes.add(Objects.requireNonNull(mimeType));
      return this;
    }

    public Builder image(Path image) {
      this.image = image;
      return this;
    }

    public Builder text(String text) {
      this.text = Objects.requireNonNull(text);
      return this;
    }

    public Builder modelParts(List<Conversation.Part> parts) {
      modelParts.clear();
      modelParts.addAll(parts);
      return this;
    }

    public Builder costUsd(BigDecimal costUsd) {
      this.costUsd = Objects.requireNonNull(costUsd);
      return this;
    }

    public Builder created(Instant created) {
      this.created = created;
      return this;
    }

    Builder generation(@Nullable Generation generation) {
      this.generation = generation;
      return this;
    }

    /** @throws IllegalArgumentException when ids, images or types are inconsistent */
    public EditTurn build() {
      return new EditTurn(this);
    }
  }
}
