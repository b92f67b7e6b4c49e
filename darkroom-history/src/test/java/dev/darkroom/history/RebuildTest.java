package dev.darkroom.history;

import dev.darkroom.gemini.GeminiOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Grid;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SafetySetting;
import dev.darkroom.ThinkingLevel;
import dev.darkroom.history.internal.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildTest {
  @TempDir Path dir;
  History history;
  Path ref;

  @BeforeEach
  void open() {
    history = History.open(dir.resolve("history.db"));
    ref = Fixtures.writePng(dir.resolve("ref.png"), 7, 7);
  }

  @AfterEach
  void close() {
    history.close();
  }

  private GenerationRecord record(ImageRequest request) throws Exception {
    List<String> hashes = new java.util.ArrayList<>();
    for (ImageInput ignored : request.images()) {
      hashes.add(Sha256.of(ref));
    }
    history.begin(request, hashes, 0);
    return history.list(HistoryQuery.recent()).get(0);
  }

  private ImageRequest full() {
    return ImageRequest.builder().model(Fixtures.MODEL).prompt("Put the logo on a mug")
        .aspectRatio("4:3").imageSize("4K")
        .seed(42).count(4)
        .grid(new Grid(2, 2))
        .addImage(ImageInput.of(ref)).options(GeminiOptions.builder().systemPrompt("You are a product photographer.").temperature(0.7).thinkingLevel(ThinkingLevel.HIGH).includeThoughts(true).googleSearch(true).addSafetySetting(SafetySetting.parse("harassment=block_none")).imageOnly(true).build()).build();
  }

  @Test
  void rebuildsTheExactRequestAsOneCall() throws Exception {
    ImageRequest original = full();

    ImageRequest again = history.rebuildRequest(record(original), ModelCatalog.builtIn());

    assertThat(again.model().id()).isEqualTo(original.model().id());
    assertThat(again.prompt()).isEqualTo(original.prompt());
    assertThat(again.aspectRatio()).isEqualTo(original.aspectRatio());
    assertThat(again.imageSize()).isEqualTo(original.imageSize());
    assertThat(again.seed()).isEqualTo(original.seed());
    assertThat(again.providerOptions()).isEqualTo(original.providerOptions());
    assertThat(GeminiOptions.of(again).includeThoughts()).isTrue();
    assertThat(again.grid()).isEqualTo(original.grid());
    assertThat(again.images()).extracting(ImageInput::description).containsExactly(ref.toAbsolutePath().toString());
    assertThat(again.count()).isEqualTo(1);
  }

  @Test
  void keepsTheModelDefaultSizeWhenNoneWasAsked() throws Exception {
    ImageRequest again = history.rebuildRequest(record(Fixtures.request("plain")), ModelCatalog.builtIn());
    assertThat(again.imageSize()).isEmpty();
    assertThat(again.images()).isEmpty();
  }

  @Test
  void refusesWhenAnInputIsGone() throws Exception {
    GenerationRecord r = record(full());
    Files.delete(ref);
    assertThatThrownBy(() -> history.rebuildRequest(r, ModelCatalog.builtIn()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(ref.toAbsolutePath().toString())
        .hasMessageContaining("no longer exists");
  }

  @Test
  void refusesWhenAnInputChanged() throws Exception {
    GenerationRecord r = record(full());
    Fixtures.writePng(ref, 9, 9);
    assertThatThrownBy(() -> history.rebuildRequest(r, ModelCatalog.builtIn()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(ref.toAbsolutePath().toString())
        .hasMessageContaining("has changed since");
  }

  @Test
  void refusesInMemoryInputs() {
    history.begin(ImageRequest.builder().model(Fixtures.MODEL).prompt("p").addImage(ImageInput.of(Fixtures.png(3, 3))).build(),
        List.of("abc"), 0);
    GenerationRecord r = history.list(HistoryQuery.recent()).get(0);
    assertThatThrownBy(() -> history.rebuildRequest(r, ModelCatalog.builtIn()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("given in memory");
  }

  @Test
  void aVariantOnAnotherModelIsTheCallersNewBuilder() throws Exception {
    ImageRequest again = history.rebuildRequest(record(Fixtures.request("side by side")), ModelCatalog.builtIn());
    ImageRequest other = again.newBuilder().model("gemini-3.1-flash-image").build();
    assertThat(other.prompt()).isEqualTo("side by side");
    assertThat(other.model().id()).isEqualTo("gemini-3.1-flash-image");
  }
}
