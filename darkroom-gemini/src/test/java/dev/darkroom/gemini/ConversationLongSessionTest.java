package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.SaveOptions;
import dev.darkroom.spi.Conversation;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long sessions with real-sized thought signatures. The fake signs both final parts of each Gemini 3
 * answer (caption and image), so 1.5 MB of base64 per signature makes 3 MB of signatures per turn.
 * Every follow-up must pass the fake's byte-exact signature check (a missing or altered signature is
 * a 400, which would fail the turn), and the bodies kept for a sample of turns are checked here too.
 * The 30th request carries 29 turns of signatures, about 88 MB, under the default 100 MB bound
 * ({@code gemini.maxConversationBytes}); with twice the signature size the bound refuses turn 18
 * before sending it.
 */
@ExtendWith(FakeGeminiExtension.class)
class ConversationLongSessionTest {
  private static final int TURNS = 30;
  /** Base64 characters per signature; two signed parts per turn. */
  private static final int SIGNATURE_BASE64 = 1_500_000;
  /** Signature bytes each turn adds to every later request. */
  private static final int PER_TURN = 2 * SIGNATURE_BASE64;
  /** Turns whose request bodies are kept and parsed here (keeping all 30 would hold ~1.3 GB). */
  private static final Set<Integer> INSPECTED = Set.of(2, 3, 10, 20, TURNS);

  @Test
  void theDefaultBoundRefusesTheTurnThatWouldPassOneHundredMegabytes(FakeGemini fake, @TempDir Path dir) {
    fake.thoughtSignatureBytes(2 * SIGNATURE_BASE64).recordBodies(false);
    try (Darkroom client = client(fake)) {
      EditSession session = client.session(first(), SaveOptions.toDirectory(dir));
      int turn = 2;
      InvalidRequestException refused = null;
      for (; turn <= TURNS && refused == null; turn++) {
        try {
          session.send("make it more stormy, step " + turn);
        } catch (InvalidRequestException e) {
          refused = e;
        }
      }
      int refusedAt = turn - 1;
      // Each turn adds about 6 MB, so turn 18 would carry 17 turns of signatures: over 100 MB.
      assertThat(refusedAt).isEqualTo(18);
      assertThat(refused).as("a turn over 100 MB is refused").isNotNull();
      assertThat(refused.getMessage()).contains("gemini.maxConversationBytes").contains("over the limit of 100 MB");
      assertThat(fake.requestCount()).as("nothing over the bound was sent").isEqualTo(refusedAt - 1);
      assertThat(session.turns()).hasSize(refusedAt - 1);
      assertThat(fake.requests()).allSatisfy(r ->
          assertThat((long) r.bodySize()).isLessThanOrEqualTo(GeminiProvider.DEFAULT_MAX_CONVERSATION_BYTES));
    }
  }

  /** A client with the default {@code gemini.maxConversationBytes} (100 MB). */
  private static Darkroom client(FakeGemini fake) {
    return Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl())
        .sleeper(d -> {})
        .build();
  }

  private static ImageRequest first() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("A lighthouse").aspectRatio("1:1").build();
  }

  @Test
  void thirtyTurnsWithThreeMegabyteSignaturesCarryEverySignatureExactly(FakeGemini fake, @TempDir Path dir) {
    fake.thoughtSignatureBytes(SIGNATURE_BASE64).requireThoughtSignatures(true).recordBodies(false);
    try (Darkroom client = client(fake)) {
      EditSession session = client.session(first(), SaveOptions.toDirectory(dir));
      for (int turn = 2; turn <= TURNS; turn++) {
        fake.recordBodies(INSPECTED.contains(turn));
        EditTurn made = session.send("make it more stormy, step " + turn);
        assertThat(made.id()).isEqualTo(turn);
        if (INSPECTED.contains(turn)) {
          RecordedRequest request = fake.requests().get(turn - 1);
          assertCarriesExactSignatures(request.json(), session.turns().subList(0, turn - 1));
        }
      }
      assertThat(session.turns()).hasSize(TURNS);
      assertThat(fake.requestCount()).isEqualTo(TURNS);

      List<Integer> sizes = new ArrayList<>();
      fake.requests().forEach(r -> sizes.add(r.bodySize()));
      for (int i = 1; i < TURNS; i++) {
        // Each turn adds one more model turn (3 MB of signatures, base64) and one more instruction.
        assertThat(sizes.get(i) - sizes.get(i - 1)).as("growth at turn %d", i + 1).isGreaterThan(PER_TURN);
      }
      assertThat((long) sizes.get(TURNS - 1))
          .isGreaterThan((long) (TURNS - 1) * PER_TURN)
          .isLessThan(GeminiProvider.DEFAULT_MAX_CONVERSATION_BYTES);
    }
  }

  /** Turn k's request: k-1 model turns, each part's signature equal to the one that turn received. */
  private static void assertCarriesExactSignatures(JsonNode body, List<EditTurn> earlier) {
    JsonNode contents = body.path("contents");
    assertThat(contents).hasSize(2 * earlier.size() + 1);
    Base64.Encoder b64 = Base64.getEncoder();
    for (int t = 0; t < earlier.size(); t++) {
      JsonNode model = contents.get(2 * t + 1);
      assertThat(model.path("role").asText()).isEqualTo("model");
      List<String> sent = new ArrayList<>();
      model.path("parts").forEach(p -> {
        if (p.has("thoughtSignature")) {
          sent.add(p.path("thoughtSignature").asText());
        }
      });
      List<String> received = new ArrayList<>();
      for (Conversation.Part part : earlier.get(t).modelParts()) {
        part.signature().ifPresent(s -> received.add(b64.encodeToString(s)));
      }
      assertThat(received).as("signatures of turn %d", t + 1).isNotEmpty();
      assertThat(sent).as("turn %d sent back", t + 1).hasSize(received.size());
      for (int i = 0; i < sent.size(); i++) {
        assertThat(sent.get(i).length()).isEqualTo(SIGNATURE_BASE64);
        assertThat(sent.get(i).equals(received.get(i))).as("signature %d of turn %d is byte-exact", i, t + 1).isTrue();
      }
    }
  }
}
