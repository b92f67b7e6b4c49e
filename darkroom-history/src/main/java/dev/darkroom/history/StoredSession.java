package dev.darkroom.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.RequestCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An editing session as the history holds it: its first request and every finished turn, enough to
 * resume it ({@code Darkroom.resumeSession}) after a crash or on another day. Immutable;
 * {@link #toString()} shows no signatures.
 *
 * @param id the session id
 * @param created when its first turn finished
 * @param provider the provider id
 * @param model the model id
 * @param mode {@code CONVERSATION} or {@code EDITS} ({@code dev.darkroom.EditSession.Mode})
 * @param directory where its files are
 * @param requestJson the first request's canonical form ({@link RequestCodec})
 * @param turns its turns, numbered 1..n in order, model parts with their signatures
 */
public record StoredSession(String id, Instant created, String provider, String model, String mode, Path directory,
    String requestJson, List<EditTurn> turns) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public StoredSession {
    turns = List.copyOf(turns);
  }

  /**
   * The first request rebuilt without its images (they were sent with turn 1), for
   * {@code Darkroom.resumeSession}.
   *
   * @throws dev.darkroom.InvalidRequestException when the model or an option is no longer valid
   */
  public ImageRequest template(ModelCatalog catalog) {
    try {
      return RequestCodec.read(JSON.readTree(requestJson), catalog).build();
    } catch (IOException e) {
      throw new UncheckedIOException("stored request of session " + id + " is not JSON", e);
    }
  }

  @Override
  public String toString() {
    return "StoredSession{" + id + ", " + model + ", " + mode + ", " + turns.size() + " turns, " + directory + "}";
  }
}
