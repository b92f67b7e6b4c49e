package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
import dev.darkroom.testkit.FakeGemini;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions are recorded turn by turn and resume in a new process with their signatures intact. */
class SessionHistoryTest {
  @TempDir Path dir;

  private static Darkroom client(FakeGemini fake) {
    return Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl())
        .sleeper(d -> {})
        .build();
  }

  @Test
  void aSessionResumedFromTheHistorySendsTheSameSignaturesAndBranches() throws Exception {
    Path db = dir.resolve("history.db");
    Path out = dir.resolve("out");
    String id;
    byte[] signature;
    try (FakeGemini fake = FakeGemini.start()) {
      fake.thoughtSignatureBytes(2000);
      try (Darkroom darkroom = client(fake); History history = History.open(db)) {
        EditSession s = darkroom.session(ImageRequest.builder().model("gemini-3-pro-image")
            .prompt("A fox in a red jacket").aspectRatio("1:1").build(), SaveOptions.toDirectory(out), history);
        s.send("make the jacket blue");
        id = s.id();
        signature = s.head().modelParts().get(0).signature().orElseThrow();
      }
      // The first process is gone ("crash"); a new client and a reopened history continue the session.
      try (Darkroom darkroom = client(fake); History history = History.open(db)) {
        StoredSession stored = history.session(id).orElseThrow();
        assertThat(stored.turns()).extracting(EditTurn::id).containsExactly(1, 2);
        assertThat(stored.turns().get(1).parentId()).contains(1);
        assertThat(stored.turns().get(1).modelParts().get(0).signature().orElseThrow()).isEqualTo(signature);
        assertThat(stored.toString()).doesNotContain(Base64.getEncoder().encodeToString(signature).substring(0, 12));
        assertThat(history.sessionIds(10)).containsExactly(id);

        EditSession resumed = darkroom.resumeSession(id, stored.template(darkroom.catalog()),
            SaveOptions.toDirectory(stored.directory()), stored.turns(), history);
        assertThat(resumed.head().id()).isEqualTo(2);
        EditTurn night = resumed.send("now at night");
        assertThat(night.id()).isEqualTo(3);
        JsonNode contents = fake.requests().get(2).json().path("contents");
        assertThat(contents).hasSize(5);
        assertThat(contents.get(3).path("parts").get(0).path("thoughtSignature").asText())
            .isEqualTo(Base64.getEncoder().encodeToString(signature));

        resumed.branch(1);
        EditTurn branch = resumed.send("make it a wolf");
        assertThat(branch.parentId()).contains(1);
        assertThat(history.session(id).orElseThrow().turns()).extracting(t -> t.parentId().orElse(0))
            .containsExactly(0, 1, 2, 1);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT image_path, image_sha256 FROM edit_turn WHERE turn_id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(Path.of(rs.getString(1))).exists();
      assertThat(rs.getString(2)).hasSize(64);
    }
    assertThat(Files.list(out)).isNotEmpty();
  }
}
