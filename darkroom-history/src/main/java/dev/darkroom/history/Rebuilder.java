package dev.darkroom.history;

import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.RequestCodec;
import dev.darkroom.history.internal.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recreates a recorded request, checking that every reference image is still the one that was sent. */
final class Rebuilder {
  private Rebuilder() {}

  static ImageRequest rebuild(GenerationRecord record, ModelCatalog catalog) {
    StoredRequest s = record.request();
    ImageRequest.Builder b = RequestCodec.read(s.json(), catalog).count(1);
    if (s.mask().isPresent()) {
      b.mask(input(record.id(), 0, s.mask().get()));
    }
    int n = 0;
    for (StoredInput input : s.inputs()) {
      n++;
      b.addImage(input(record.id(), n, input));
    }
    return b.build();
  }

  private static ImageInput input(long id, int n, StoredInput input) {
    String which = (n == 0 ? "the mask" : "input image " + n) + " of generation #" + id;
    return switch (input.kind()) {
      case URL -> ImageInput.of(URI.create(input.source()));
      case IN_MEMORY -> throw new InvalidRequestException("cannot rebuild generation #" + id + ": " + which
          + " was given in memory (" + input.source() + ") and its bytes were not kept");
      case FILE -> {
        Path path = input.path().orElseThrow();
        if (!Files.isRegularFile(path)) {
          throw new InvalidRequestException("cannot rebuild generation #" + id + ": " + which + ", " + path
              + ", no longer exists; restore it, or build a new request from this one without it");
        }
        String now;
        try {
          now = Sha256.of(path);
        } catch (IOException e) {
          throw new InvalidRequestException("cannot rebuild generation #" + id + ": cannot read " + which + ", "
              + path + ": " + e.getMessage());
        }
        if (!input.sha256().isEmpty() && !now.equals(input.sha256())) {
          throw new InvalidRequestException("cannot rebuild generation #" + id + ": " + which + ", " + path
              + ", has changed since (sha256 was " + input.sha256() + ", is now " + now
              + "); restore the original to reproduce the generation");
        }
        yield ImageInput.of(path);
      }
    };
  }
}
