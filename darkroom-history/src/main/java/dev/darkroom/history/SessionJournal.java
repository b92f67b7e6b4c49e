package dev.darkroom.history;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.RequestCodec;
import dev.darkroom.history.internal.Database;
import dev.darkroom.history.internal.Sha256;
import dev.darkroom.spi.Conversation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Writes and reads editing sessions ({@code edit_session}, {@code edit_turn}, {@code edit_part}). */
final class SessionJournal {
  private static final BigDecimal NANO = BigDecimal.valueOf(1_000_000_000L);

  private final Database db;
  private final Clock clock;

  SessionJournal(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Records a finished turn; its files are on disk already and are hashed here. */
  void saveTurn(EditSession session, EditTurn turn) {
    String imageSha = sha(turn.image());
    List<String> userShas = new ArrayList<>();
    for (Path p : turn.userImages()) {
      userShas.add(sha(p));
    }
    List<@Nullable String> modelShas = new ArrayList<>();
    for (Conversation.Part p : turn.modelParts()) {
      modelShas.add(p.image().flatMap(Conversation.ImageRef::file).map(SessionJournal::sha).orElse(null));
    }
    long now = clock.millis();
    db.write("record turn " + turn.id() + " of session " + session.id() + " in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO edit_session (session_id, created_ms, updated_ms, provider, model, mode, directory, request_json)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET updated_ms = excluded.updated_ms")) {
        ps.setString(1, session.id());
        ps.setLong(2, turn.created().toEpochMilli());
        ps.setLong(3, now);
        ps.setString(4, session.template().model().provider());
        ps.setString(5, session.template().model().id());
        ps.setString(6, session.mode().name());
        ps.setString(7, session.directory().toAbsolutePath().normalize().toString());
        ps.setString(8, RequestCodec.write(session.template()).toString());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO edit_turn (session_id, turn_id, parent_turn, instruction, image_path, image_sha256, model_text,"
              + " cost_nano_usd, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, session.id());
        ps.setInt(2, turn.id());
        if (turn.parentId().isPresent()) {
          ps.setInt(3, turn.parentId().get());
        } else {
          ps.setNull(3, Types.INTEGER);
        }
        ps.setString(4, turn.instruction());
        ps.setString(5, turn.image().toAbsolutePath().normalize().toString());
        ps.setString(6, imageSha);
        ps.setString(7, turn.text());
        ps.setLong(8, turn.costUsd().multiply(NANO).longValue());
        ps.setLong(9, turn.created().toEpochMilli());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO edit_part (session_id, turn_id, role, part_index, text, image_path, image_sha256, mime_type,"
              + " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int index = 0;
        for (int i = 0; i < turn.userImages().size(); i++) {
          part(ps, session.id(), turn.id(), "user", index++, null, turn.userImages().get(i), userShas.get(i),
              turn.userImageTypes().get(i), null);
        }
        part(ps, session.id(), turn.id(), "user", index, turn.instruction(), null, null, null, null);
        index = 0;
        for (int i = 0; i < turn.modelParts().size(); i++) {
          Conversation.Part p = turn.modelParts().get(i);
          part(ps, session.id(), turn.id(), "model", index++, p.text().orElse(null),
              p.image().flatMap(Conversation.ImageRef::file).orElse(null), modelShas.get(i),
              p.image().map(Conversation.ImageRef::mimeType).orElse(null), p.signature().orElse(null));
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  private static void part(PreparedStatement ps, String session, int turn, String role, int index,
      @Nullable String text, @Nullable Path image, @Nullable String sha, @Nullable String mime,
      byte @Nullable [] signature) throws SQLException {
    ps.setString(1, session);
    ps.setInt(2, turn);
    ps.setString(3, role);
    ps.setInt(4, index);
    ps.setString(5, text);
    ps.setString(6, image == null ? null : image.toAbsolutePath().normalize().toString());
    ps.setString(7, sha);
    ps.setString(8, mime);
    ps.setBytes(9, signature);
    ps.addBatch();
  }

  private static String sha(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to record it", e);
    }
  }

  /** The session, when there is one with this id. */
  Optional<StoredSession> read(String id) {
    return db.read("read session " + id + " from", c -> {
      String provider;
      String model;
      String mode;
      String directory;
      String request;
      long created;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT provider, model, mode, directory, request_json, created_ms FROM edit_session WHERE session_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          provider = rs.getString(1);
          model = rs.getString(2);
          mode = rs.getString(3);
          directory = rs.getString(4);
          request = rs.getString(5);
          created = rs.getLong(6);
        }
      }
      return Optional.of(new StoredSession(id, Instant.ofEpochMilli(created), provider, model, mode,
          Path.of(directory), request, turns(c, id)));
    });
  }

  /** Ids of recorded sessions, the most recently updated first. */
  List<String> ids(int limit) {
    return db.read("list sessions in", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT session_id FROM edit_session ORDER BY updated_ms DESC, session_id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  private static List<EditTurn> turns(Connection c, String id) throws SQLException {
    Map<Integer, EditTurn.Builder> builders = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT turn_id, parent_turn, instruction, image_path, model_text,"
        + " cost_nano_usd, created_ms FROM edit_turn WHERE session_id = ? ORDER BY turn_id")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int turn = rs.getInt(1);
          builders.put(turn, EditTurn.builder().id(turn).parentId(rs.getInt(2)).instruction(rs.getString(3))
              .image(Path.of(rs.getString(4))).text(rs.getString(5))
              .costUsd(BigDecimal.valueOf(rs.getLong(6)).divide(NANO))
              .created(Instant.ofEpochMilli(rs.getLong(7))));
        }
      }
    }
    Map<Integer, List<Conversation.Part>> model = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT turn_id, role, text, image_path, mime_type, signature"
        + " FROM edit_part WHERE session_id = ? ORDER BY turn_id, role, part_index")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          EditTurn.Builder b = builders.get(rs.getInt(1));
          if (b == null) {
            continue;
          }
          String text = rs.getString(3);
          String image = rs.getString(4);
          String mime = rs.getString(5);
          byte[] signature = rs.getBytes(6);
          if ("user".equals(rs.getString(2))) {
            if (image != null) {
              b.addUserImage(Path.of(image), mime);
            }
          } else {
            model.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(image != null
                ? Conversation.Part.image(Conversation.ImageRef.ofFile(Path.of(image), mime), signature)
                : Conversation.Part.text(text == null ? "" : text, signature));
          }
        }
      }
    }
    List<EditTurn> out = new ArrayList<>();
    builders.forEach((turn, b) -> out.add(b.modelParts(model.getOrDefault(turn, List.of())).build()));
    return out;
  }
}
