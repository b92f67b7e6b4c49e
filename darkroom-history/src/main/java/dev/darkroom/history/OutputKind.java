package dev.darkroom.history;

/** What an {@link OutputFile} is. */
public enum OutputKind {
  /** A final image as the provider returned it (after any format conversion). */
  ORIGINAL,
  /** One cell sliced from an {@link #ORIGINAL} grid image. */
  CELL,
  /** An interim image the model drew while thinking; recorded only when it was saved. */
  THOUGHT
}
