package dev.darkroom.bench;

import dev.darkroom.gemini.GeminiOptions;

import dev.darkroom.Darkroom;
import dev.darkroom.GeneratedImage;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.RetryPolicy;
import dev.darkroom.ThinkingLevel;
import dev.darkroom.testkit.FakeGemini;

/** Darkroom: {@code generate} with the images kept in memory (no files written). */
final class DarkroomClient implements BenchClient {
  private final Darkroom darkroom;
  private final ImageRequest flash;
  private final ImageRequest pro;
  private final ImageRequest flash20;

  DarkroomClient(String baseUrl) {
    darkroom = Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", baseUrl)
        .retryPolicy(RetryPolicy.none())
        .maxConcurrency(20)
        .build();
    flash = ImageRequest.builder().model(Scenario.FLASH).prompt(Scenario.PROMPT).build();
    flash20 = flash.newBuilder().count(20).build();
    pro = ImageRequest.builder().model(Scenario.PRO).prompt(Scenario.PROMPT).imageSize("4K")
        .options(GeminiOptions.builder().includeThoughts(true).thinkingLevel(ThinkingLevel.HIGH).build()).build();
  }

  @Override
  public long run(Scenario scenario) {
    ImageResult result = darkroom.generate(switch (scenario) {
      case A -> flash;
      case B -> pro;
      case C -> flash20;
    });
    long bytes = 0;
    for (GeneratedImage image : result.images()) {
      bytes += image.byteCount();
    }
    if (result.images().size() != scenario.images) {
      throw new IllegalStateException("expected " + scenario.images + " images, got " + result.images().size());
    }
    return bytes;
  }

  @Override
  public void close() {
    darkroom.close();
  }
}
