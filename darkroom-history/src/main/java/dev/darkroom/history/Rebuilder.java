package dev.darkroom.history;

import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SafetySetting;
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
    ImageRequest.Builder b = ImageRequest.builder(catalog)
        .model(s.model())
        .prompt(s.prompt())
        .systemPrompt(s.systemPrompt().orElse(null))
        .aspectRatio(s.aspectRatio().orElse(null))
        .imageSize(s.imageSize().orElse(null))
        .temperature(s.temperature().orElse(null))
        .seed(s.seed().orElse(null))
        .count(1)
        .thinkingLevel(s.thinkingLevel().orElse(null))
        .includeThoughts(s.includeThoughts())
        .googleSearch(s.googleSearch())
        .imageOnly(s.imageOnly())
        .grid(s.grid().orElse(null));
    StoredRequest.Options o = s.options();
    b.size(o.size()).quality(o.quality()).background(o.background()).outputFormat(o.outputFormat())
        .outputCompression(o.outputCompression()).moderation(o.moderation()).safetyIdentifier(o.safetyIdentifier())
        .partialImages(o.partialImages());
    if (o.mask() != null) {
      b.mask(input(record.id(), 0, o.mask()));
    }
    for (SafetySetting setting : s.safetySettings()) {
      b.addSafetySetting(setting);
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
