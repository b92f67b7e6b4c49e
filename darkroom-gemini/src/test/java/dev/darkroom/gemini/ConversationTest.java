package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.SaveOptions;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Multi-turn editing against the fake: thought signatures go back byte-exact, or the fake says 400. */
@ExtendWith(FakeGeminiExtension.class)
class ConversationTest {
  private Darkroom client;
  private ProviderClient provider;

  private Darkroom client(FakeGemini fake) {
    client = Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl())
        .sleeper(d -> {})
        .build();
    return client;
  }

  private ProviderClient provider(FakeGemini fake) {
    provider = new GeminiProvider().open(ProviderContext.builder("gemini")
        .setting("apiKey", FakeGemini.DEFAULT_API_KEY).setting("baseUrl", fake.baseUrl()).build());
    return provider;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  private static ImageRequest first(String prompt) {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt(prompt).aspectRatio("1:1").build();
  }

  @Test
  void followUpTurnsSendTheHistoryWithTheSignaturesTheFakeIssued(FakeGemini fake, @TempDir Path dir)
      throws Exception {
    fake.thoughtSignatureBytes(4000);
    EditSession session = client(fake).session(first("A fox in a red jacket"), SaveOptions.toDirectory(dir));
    EditTurn second = session.send("make the jacket blue");
    EditTurn third = session.send("now at night");

    assertThat(session.mode()).isEqualTo(EditSession.Mode.CONVERSATION);
    assertThat(session.turns()).extracting(EditTurn::id).containsExactly(1, 2, 3);
    assertThat(third.parentId()).contains(2);
    assertThat(second.image()).exists().hasFileName("turn-2.jpg");
    assertThat(fake.requestCount()).isEqualTo(3);

    JsonNode firstBody = fake.takeRequest().json();
    assertThat(firstBody.path("contents")).hasSize(1);
    JsonNode body = fake.requests().get(2).json();
    JsonNode contents = body.path("contents");
    assertThat(contents).extracting(c -> c.path("role").asText())
        .containsExactly("user", "model", "user", "model", "user");
    assertThat(contents.get(0).path("parts").get(0).path("text").asText()).isEqualTo("A fox in a red jacket");
    assertThat(contents.get(4).path("parts").get(0).path("text").asText()).isEqualTo("now at night");
    for (int turn : new int[] {1, 3}) {
      JsonNode parts = contents.get(turn).path("parts");
      assertThat(parts).isNotEmpty();
      for (JsonNode part : parts) {
        assertThat(Base64.getDecoder().decode(part.path("thoughtSignature").asText())).hasSize(3000);
      }
      assertThat(parts).anyMatch(p -> p.has("inlineData"));
    }
    byte[] signature = second.modelParts().get(0).signature().orElseThrow();
    assertThat(contents.get(3).path("parts").get(0).path("thoughtSignature").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(signature));
    assertThat(second.toString()).doesNotContain(Base64.getEncoder().encodeToString(signature).substring(0, 16));
  }

  @Test
  void aSessionKeepsSignaturesInFilesAndLargeBodiesNeverStayInTemporaryFiles(FakeGemini fake, @TempDir Path dir)
      throws Exception {
    // 3 MB of base64 per signature: the follow-up body is over the 4 MB spool threshold.
    fake.thoughtSignatureBytes(3_000_000).requireThoughtSignatures(true).recordBodies(false);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = spooled(tmp);
    EditSession session = client(fake).session(first("A fox"), SaveOptions.toDirectory(dir));
    EditTurn second = session.send("make it night");
    session.send("add snow");

    assertThat(fake.requestCount()).as("the fake accepted the signatures streamed from files").isEqualTo(3);
    assertThat(second.generation()).as("the turn send returned carries its generation").isPresent();
    assertThat(session.turns()).allSatisfy(t -> assertThat(t.generation()).isEmpty());
    for (EditTurn t : session.turns()) {
      List<Conversation.Part> signed = t.modelParts().stream().filter(Conversation.Part::signed).toList();
      assertThat(signed).as("turn %d", t.id()).isNotEmpty().allSatisfy(p -> {
        Path file = p.signatureFile().orElseThrow();
        assertThat(file.getParent()).isEqualTo(session.directory());
        assertThat(Files.size(file)).isEqualTo(p.signatureLength());
      });
    }
    assertThat(spooled(tmp)).as("no request body is left behind").isEqualTo(before);
  }

  private static List<Path> spooled(Path tmp) throws java.io.IOException {
    try (var files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().startsWith("darkroom-gemini-")).sorted().toList();
    }
  }

  @Test
  void theModelImageGoesBackByteForByteAsReceived(FakeGemini fake, @TempDir Path dir) throws Exception {
    EditSession session = client(fake).session(first("A lighthouse"), SaveOptions.toDirectory(dir));
    session.send("add a rainbow");
    Path kept = session.turn(1).modelParts().stream().flatMap(p -> p.image().stream())
        .findFirst().orElseThrow().file().orElseThrow();
    JsonNode image = fake.requests().get(1).json().path("contents").get(1).path("parts").findParent("inlineData");
    assertThat(Base64.getDecoder().decode(image.path("inlineData").path("data").asText()))
        .isEqualTo(Files.readAllBytes(kept));
  }

  @Test
  void undoAndBranchContinueFromAnEarlierTurn(FakeGemini fake, @TempDir Path dir) throws Exception {
    EditSession session = client(fake).session(first("A red car"), SaveOptions.toDirectory(dir));
    session.send("make it blue");
    assertThat(session.undo().id()).isEqualTo(1);
    EditTurn green = session.send("make it green");
    assertThat(green.parentId()).contains(1);
    assertThat(fake.requests().get(2).json().path("contents")).hasSize(3);

    session.branch(2);
    EditTurn fourth = session.send("add stripes");
    assertThat(fourth.parentId()).contains(2);
    JsonNode contents = fake.requests().get(3).json().path("contents");
    assertThat(contents).hasSize(5);
    assertThat(contents.get(2).path("parts").get(0).path("text").asText()).isEqualTo("make it blue");
    assertThat(session.branch(1).parentId()).isEmpty();
    assertThatThrownBy(session::undo).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void iterateFeedsTheOutputBackAndStopsAtABlockedTurn(FakeGemini fake, @TempDir Path dir) {
    EditSession session = client(fake).session(first("A portrait"), SaveOptions.toDirectory(dir));
    List<EditTurn> made = session.iterate("make it more surreal", 3);
    assertThat(made).extracting(EditTurn::id).containsExactly(2, 3, 4);
    assertThat(made.get(2).parentId()).contains(3);

    fake.enqueue(dev.darkroom.testkit.FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    assertThat(session.iterate("make it more surreal", 2)).isEmpty();
    assertThat(session.turns()).hasSize(4);
  }

  @Test
  void aMissingSignatureIsRefusedWith400LikeGoogle(FakeGemini fake) {
    Conversation history = new Conversation(List.of(
        new Conversation.Turn(Conversation.Role.USER, List.of(Conversation.Part.text("A cat", null))),
        new Conversation.Turn(Conversation.Role.MODEL, List.of(Conversation.Part.text("Here it is", null)))));
    assertThatThrownBy(() -> provider(fake).generate(call("make it orange").withConversation(history)))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).httpStatus()).isEqualTo(400))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("missing a thought_signature");
  }

  @Test
  void anAlteredSignatureIsRefusedWith400(FakeGemini fake) {
    ProviderResponse first = provider(fake).generate(call("A cat").withConversation(Conversation.EMPTY));
    List<Conversation.Part> modelTurn = new ArrayList<>();
    for (Conversation.Part p : first.modelTurn()) {
      byte[] changed = p.signature().orElseThrow().clone();
      changed[0] ^= 1;
      modelTurn.add(p.image().isPresent() ? Conversation.Part.image(p.image().get(), changed)
          : Conversation.Part.text(p.text().orElseThrow(), changed));
    }
    Conversation history = new Conversation(List.of(
        new Conversation.Turn(Conversation.Role.USER, List.of(Conversation.Part.text("A cat", null))),
        new Conversation.Turn(Conversation.Role.MODEL, modelTurn)));
    assertThatThrownBy(() -> provider.generate(call("make it orange").withConversation(history)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("corrupted");
  }

  @Test
  void oneShotCallsKeepNoModelTurnAndConversationsDo(FakeGemini fake) {
    ProviderResponse oneShot = provider(fake).generate(call("A cat"));
    assertThat(oneShot.modelTurn()).isEmpty();
    ProviderResponse turn = provider.generate(call("A cat").withConversation(Conversation.EMPTY));
    assertThat(turn.modelTurn()).isNotEmpty().allMatch(p -> p.signature().isPresent());
    assertThat(turn.modelTurn().stream().filter(p -> p.image().isPresent()).findFirst().orElseThrow()
        .image().get().read()).isSameAs(turn.images().get(turn.images().size() - 1).bytes());
  }

  @Test
  void dryRunDescriptionsElideSignatures(FakeGemini fake) {
    Conversation history = new Conversation(List.of(
        new Conversation.Turn(Conversation.Role.USER, List.of(Conversation.Part.text("A cat", null))),
        new Conversation.Turn(Conversation.Role.MODEL,
            List.of(Conversation.Part.text("Here it is", new byte[] {1, 2, 3, 4, 5, 6})))));
    String described = provider(fake).describe(call("make it orange").withConversation(history));
    assertThat(described).contains("\"role\" : \"model\"").contains("\"thoughtSignature\" : \"<6 bytes>\"")
        .doesNotContain("AQIDBAUG");
  }

  @Test
  void largeSignaturesSurviveSeveralTurns(FakeGemini fake, @TempDir Path dir) {
    fake.thoughtSignatureBytes(3_000_000).recordBodies(false);
    EditSession session = client(fake).session(first("A city"), SaveOptions.toDirectory(dir));
    session.iterate("more neon", 3);
    assertThat(session.turns()).hasSize(4);
    assertThat(session.head().modelParts().get(0).signature().orElseThrow()).hasSize(2_250_000);
    assertThat(fake.requests().get(3).bodySize()).isGreaterThan(3 * 2 * 3_000_000);
  }

  @Test
  void aConversationOverTheSizeLimitIsRefusedBeforeSending(FakeGemini fake, @TempDir Path dir) {
    fake.thoughtSignatureBytes(400_000);
    client = Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl())
        .setting("gemini.maxConversationBytes", "1000000")
        .sleeper(d -> {})
        .build();
    EditSession session = client.session(first("A harbour"), SaveOptions.toDirectory(dir));
    session.send("add boats");
    assertThatThrownBy(() -> session.send("add gulls"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gemini.maxConversationBytes")
        .hasMessageContaining("over the limit of 1 MB");
    assertThat(fake.requestCount()).isEqualTo(2);
    assertThat(session.turns()).hasSize(2);
  }

  @Test
  void eachTurnIsValidatedLikeAOneShotRequest(FakeGemini fake, @TempDir Path dir) throws Exception {
    EditSession session = client(fake).session(first("A bowl of fruit"), SaveOptions.toDirectory(dir));
    assertThatThrownBy(() -> session.send(" ")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> session.send("add this", List.of(ImageInput.of(dir.resolve("missing.png")))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(session.turns()).hasSize(1);
  }

  private static ProviderCall call(String prompt) {
    return new ProviderCall(first(prompt), List.of(), Duration.ofSeconds(30), t -> {});
  }
}
