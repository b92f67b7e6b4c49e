package dev.darkroom.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.MultipartForm;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The session API with a provider that edits turn by turn: each turn edits the previous image. */
@ExtendWith(FakeOpenAIExtension.class)
class EditSessionTest {
  private Darkroom client;

  private Darkroom client(FakeOpenAI fake) {
    client = Darkroom.builder()
        .setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY)
        .setting("openai.baseUrl", fake.baseUrl())
        .sleeper(d -> {})
        .build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void eachTurnEditsThePreviousOutputWithAnOptionalMask(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    ImageRequest first = ImageRequest.builder().model("gpt-image-2").prompt("A living room").size("1024x1024")
        .options(OpenAiOptions.builder().quality("low").build()).build();
    EditSession session = client(fake).session(first, SaveOptions.toDirectory(dir));
    assertThat(session.mode()).isEqualTo(EditSession.Mode.EDITS);
    Path mask = Files.write(dir.resolve("mask.png"), OpenAiGenerateTest.maskPng(1024, 1024));
    EditTurn second = session.send("add a green sofa", List.of(), ImageInput.of(mask));
    EditTurn third = session.send("make it night");

    RecordedRequest generation = fake.takeRequest();
    assertThat(generation.path()).isEqualTo("/v1/images/generations");
    RecordedRequest edit = fake.takeRequest();
    assertThat(edit.path()).isEqualTo("/v1/images/edits");
    MultipartForm form = edit.multipart();
    assertThat(form.field("prompt")).hasValue("add a green sofa");
    assertThat(form.parts("image")).hasSize(1);
    assertThat(form.parts("mask")).hasSize(1);
    RecordedRequest next = fake.takeRequest();
    assertThat(next.multipart().parts("image").get(0).body()).isEqualTo(Files.readAllBytes(second.image()));
    assertThat(next.multipart().parts("mask")).isEmpty();
    assertThat(third.parentId()).contains(2);
    assertThat(third.modelParts()).isEmpty();
  }

  @Test
  void undoEditsTheEarlierImageAgain(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    ImageRequest first = ImageRequest.builder().model("gpt-image-2").prompt("A bowl").size("1024x1024")
        .options(OpenAiOptions.builder().quality("low").build()).build();
    EditSession session = client(fake).session(first, SaveOptions.toDirectory(dir));
    session.send("fill it with apples");
    session.undo();
    EditTurn pears = session.send("fill it with pears");
    assertThat(pears.parentId()).contains(1);
    fake.takeRequest();
    fake.takeRequest();
    assertThat(fake.takeRequest().multipart().parts("image").get(0).body())
        .isEqualTo(Files.readAllBytes(session.turn(1).image()));
  }
}
