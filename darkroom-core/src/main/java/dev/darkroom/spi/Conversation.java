package dev.darkroom.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The earlier turns of a conversation with a model, oldest first, as a provider that continues
 * conversations ({@link ImageProvider#continuesConversations()}) sends them before the current user
 * turn (the {@link ProviderCall}'s prompt and inputs).
 *
 * <p>Model parts carry the provider's opaque signature bytes (Gemini's {@code thoughtSignature})
 * exactly as they arrived; a provider must send them back unchanged. Signatures are secrets of a
 * kind: no {@code toString} here shows them, and nothing may log them. Images
 * ({@link ImageRef#ofFile}) and signatures ({@link Part#withSignatureFile}) can be held by
 * reference to files and are then read only while a request is written, so a long conversation
 * does not keep them in memory; a provider should stream them ({@link ImageRef#open},
 * {@link Part#openSignature}) rather than read them whole.
 *
 * @param turns earlier turns, alternating user and model, oldest first
 */
public record Conversation(List<Turn> turns) {
  /** No earlier turns: the first turn of a conversation. */
  public static final Conversation EMPTY = new Conversation(List.of());

  public Conversation {
    turns = List.copyOf(turns);
  }

  /** Who said a turn. */
  public enum Role {
    USER,
    MODEL
  }

  /**
   * One turn.
   *
   * @param role who said it
   * @param parts its parts in order
   */
  public record Turn(Role role, List<Part> parts) {
    public Turn {
      Objects.requireNonNull(role, "role");
      parts = List.copyOf(parts);
    }
  }

  /**
   * One part of a turn: text or an image, with the provider's signature when the model gave one.
   * Text and image are exclusive; a model part may carry a signature alone (empty text).
   */
  public static final class Part {
    private final @Nullable String text;
    private final @Nullable ImageRef image;
    private final byte @Nullable [] signature;
    private final @Nullable Path signatureFile;
    private final long signatureLength;

    private Part(@Nullable String text, @Nullable ImageRef image, byte @Nullable [] signature,
        @Nullable Path signatureFile, long signatureLength) {
      if ((text == null) == (image == null)) {
        throw new IllegalArgumentException("a part is either text or an image");
      }
      this.text = text;
      this.image = image;
      this.signature = signature;
      this.signatureFile = signatureFile;
      this.signatureLength = signature != null ? signature.length : signatureLength;
    }

    private Part(@Nullable String text, @Nullable ImageRef image, byte @Nullable [] signature) {
      this(text, image, signature, null, 0);
    }

    /** A text part. */
    public static Part text(String text, byte @Nullable [] signature) {
      return new Part(Objects.requireNonNull(text, "text"), null, signature);
    }

    /** An image part. */
    public static Part image(ImageRef image, byte @Nullable [] signature) {
      return new Part(null, Objects.requireNonNull(image, "image"), signature);
    }

    /** The text, for a text part. */
    public Optional<String> text() {
      return Optional.ofNullable(text);
    }

    /** The image, for an image part. */
    public Optional<ImageRef> image() {
      return Optional.ofNullable(image);
    }

    /** Whether the part carries a signature (in memory or in a file). */
    public boolean signed() {
      return signature != null || signatureFile != null;
    }

    /** The signature's size in bytes (not base64); 0 when unsigned. Reads nothing. */
    public long signatureLength() {
      return signatureLength;
    }

    /** The file holding the signature, when it is held by reference. */
    public Optional<Path> signatureFile() {
      return Optional.ofNullable(signatureFile);
    }

    /**
     * The provider's opaque signature, byte-exact as received: the held array (shared, callers must
     * not change it) or, for a signature held by reference, the file's content read now. Never log
     * or show it. Prefer {@link #openSignature} to send it.
     *
     * @throws UncheckedIOException when the signature's file cannot be read
     */
    public Optional<byte[]> signature() {
      if (signatureFile == null) {
        return Optional.ofNullable(signature);
      }
      try {
        return Optional.of(Files.readAllBytes(signatureFile));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read a conversation signature from " + signatureFile, e);
      }
    }

    /**
     * The signature as a stream of {@link #signatureLength()} bytes; the caller closes it.
     *
     * @throws IllegalStateException when the part is unsigned
     * @throws IOException when the signature's file cannot be opened
     */
    public InputStream openSignature() throws IOException {
      if (signatureFile != null) {
        return Files.newInputStream(signatureFile);
      }
      if (signature == null) {
        throw new IllegalStateException("the part has no signature");
      }
      return new ByteArrayInputStream(signature);
    }

    /** The same part with its image replaced (e.g. by the file it was saved to). */
    public Part withImage(ImageRef image) {
      return new Part(null, Objects.requireNonNull(image, "image"), signature, signatureFile, signatureLength);
    }

    /**
     * The same part with its signature held by reference: {@code file} must hold exactly the
     * signature's bytes (e.g. written from {@link #signature()} just before) and stay unchanged
     * while the part is used. Its size is read now.
     *
     * @throws IllegalStateException when the part is unsigned
     * @throws UncheckedIOException when the file's size cannot be read
     */
    public Part withSignatureFile(Path file) {
      if (!signed()) {
        throw new IllegalStateException("the part has no signature to keep in " + file);
      }
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the size of " + file, e);
      }
      return new Part(text, image, null, Objects.requireNonNull(file, "file"), size);
    }

    /** Describes the part without its content or signature bytes. */
    @Override
    public String toString() {
      String what = text != null ? "text(" + text.length() + " chars)" : "image(" + image + ")";
      return what + (signed() ? " signed(" + signatureLength + " bytes)" : "");
    }
  }

  /**
   * An image in a conversation: a file read when a request is written, or bytes already in memory
   * (a model answer not yet saved).
   */
  public static final class ImageRef {
    private final String mimeType;
    private final @Nullable Path file;
    private final byte @Nullable [] bytes;

    private ImageRef(String mimeType, @Nullable Path file, byte @Nullable [] bytes) {
      this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
      this.file = file;
      this.bytes = bytes;
    }

    /** An image file, read each time a request is written. */
    public static ImageRef ofFile(Path file, String mimeType) {
      return new ImageRef(mimeType, Objects.requireNonNull(file, "file"), null);
    }

    /** Bytes in memory (shared, not copied). */
    public static ImageRef ofBytes(byte[] bytes, String mimeType) {
      return new ImageRef(mimeType, null, Objects.requireNonNull(bytes, "bytes"));
    }

    public String mimeType() {
      return mimeType;
    }

    /** The file, when the image is held by reference. */
    public Optional<Path> file() {
      return Optional.ofNullable(file);
    }

    /**
     * The image as a stream; the caller closes it.
     *
     * @throws IOException when the file cannot be opened
     */
    public InputStream open() throws IOException {
      return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(Objects.requireNonNull(file));
    }

    /**
     * The image's size in bytes: the held array's length, or the file's size (read from the file
     * system, the file is not read).
     *
     * @throws UncheckedIOException when the file's size cannot be read
     */
    public long size() {
      if (bytes != null) {
        return bytes.length;
      }
      try {
        return Files.size(Objects.requireNonNull(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read conversation image " + file, e);
      }
    }

    /**
     * The image bytes: the held array, or the file's content.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public byte[] read() {
      if (bytes != null) {
        return bytes;
      }
      try {
        return Files.readAllBytes(Objects.requireNonNull(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read conversation image " + file, e);
      }
    }

    @Override
    public String toString() {
      return mimeType + (file != null ? " " + file : " " + Objects.requireNonNull(bytes).length + " bytes");
    }
  }
}
