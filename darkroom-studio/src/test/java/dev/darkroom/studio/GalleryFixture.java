package dev.darkroom.studio;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.Darkroom;
import dev.darkroom.Grid;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;

/** A history with ordinary, hostile, blocked and grid generations, made against the fake server. */
final class GalleryFixture {
  static final String EVIL = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

  private GalleryFixture() {}

  static void populate(FakeGemini fake, History history, Path out) throws Exception {
    Files.createDirectories(out);
    try (Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
        .recorder(history).build()) {
      darkroom.generate(ImageRequest.builder().model("gemini-2.5-flash-image").prompt("A red fox in fresh snow")
          .seed(3).build(), SaveOptions.builder().directory(out).baseName("fox & hound #1 50%").build());
      darkroom.generate(ImageRequest.builder().model("gemini-3-pro-image").prompt(EVIL).build(),
          SaveOptions.toDirectory(out));
      darkroom.generate(ImageRequest.builder().model("gemini-3-pro-image")
          .prompt("A 2x2 grid of four fruit icons").grid(new Grid(2, 2)).build(), SaveOptions.toDirectory(out));
      fake.enqueue(FakeReply.imageSafety());
      try {
        darkroom.generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("Something the filter dislikes")
            .build(), SaveOptions.toDirectory(out));
      } catch (ContentBlockedException expected) {
        // recorded as BLOCKED
      }
    }
  }
}
