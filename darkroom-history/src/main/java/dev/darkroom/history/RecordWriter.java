package dev.darkroom.history;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.DarkroomException;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GridCell;
import dev.darkroom.ImageRequest;
import dev.darkroom.NoImageException;
import dev.darkroom.Usage;
import dev.darkroom.history.internal.ProcessOwner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL that creates a row before a call and completes it afterwards. */
final class RecordWriter {
  private static final int MAX_TEXT = 16 * 1024;

  private RecordWriter() {}

  /**
   * Inserts a {@link GenerationStatus#RUNNING} row and returns its id.
   *
   * @param maxInputSide the client's longest side for reference images, null when the caller did not say
   */
  static long begin(Connection c, ImageRequest r, List<String> inputSha256, @Nullable Integer maxInputSide, int call,
      @Nullable String runId, Instant now, ProcessOwner owner) throws SQLException {
    String sql = "INSERT INTO generation (started_ms, status, provider, model, prompt, system_prompt, aspect_ratio,"
        + " image_size, seed, image_count, call_index, request_json, run_id, pid, pid_started_ms)"
        + " VALUES (?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now.toEpochMilli());
      ps.setString(2, r.model().provider());
      ps.setString(3, r.model().id());
      ps.setString(4, r.prompt());
      setNullable(ps, 5, r.providerOptions().map(o -> o.values().get("systemPrompt")).map(Object::toString)
          .orElse(null));
      setNullable(ps, 6, r.aspectRatio().orElse(null));
      ps.setString(7, r.effectiveImageSize());
      if (r.seed().isPresent()) {
        ps.setLong(8, r.seed().get());
      } else {
        ps.setNull(8, Types.INTEGER);
      }
      ps.setInt(9, r.count());
      ps.setInt(10, call);
      ps.setString(11, RequestJson.encode(r, inputSha256, maxInputSide));
      setNullable(ps, 12, runId);
      ps.setLong(13, owner.pid());
      if (owner.startedMs() != null) {
        ps.setLong(14, owner.startedMs());
      } else {
        ps.setNull(14, Types.INTEGER);
      }
      ps.executeUpdate();
    }
    return lastId(c);
  }

  /** Completes a row with a successful generation and records its files. */
  static void succeeded(Connection c, long id, Generation g, Instant now) throws SQLException {
    complete(c, id, GenerationStatus.SUCCEEDED, g, null, g.finishReason(), g.latency(), now);
    for (GeneratedImage image : g.images()) {
      long parent = insertFile(c, id, null, OutputKind.ORIGINAL, image, 0, 0);
      for (GridCell cell : image.cells()) {
        insertFile(c, id, parent, OutputKind.CELL, cell.image(), cell.row(), cell.col());
      }
    }
    for (GeneratedImage thought : g.thoughtImages()) {
      if (thought.path().isPresent()) {
        insertFile(c, id, null, OutputKind.THOUGHT, thought, 0, 0);
      }
    }
  }

  /** Completes a row with a failure; blocked and no-image failures keep the provider's usage and cost. */
  static void failed(Connection c, long id, DarkroomException e, Duration elapsed, Instant now) throws SQLException {
    GenerationStatus status;
    Optional<Generation> g;
    String reason;
    if (e instanceof ContentBlockedException b) {
      status = GenerationStatus.BLOCKED;
      g = b.generation();
      reason = b.reason();
    } else if (e instanceof NoImageException n) {
      status = GenerationStatus.NO_IMAGE;
      g = n.generation();
      reason = n.finishReason();
    } else {
      status = GenerationStatus.FAILED;
      g = Optional.empty();
      reason = null;
    }
    complete(c, id, status, g.orElse(null), e, reason, g.map(Generation::latency).orElse(elapsed), now);
  }

  private static void complete(Connection c, long id, GenerationStatus status, @Nullable Generation g,
      @Nullable DarkroomException e, @Nullable String reason, Duration latency, Instant now) throws SQLException {
    String sql = "UPDATE generation SET status = ?, finished_ms = ?, model_version = ?, error_kind = ?, error_message = ?,"
        + " reason = ?, model_text = ?, response_id = ?, prompt_tokens = ?, output_tokens = ?, image_tokens = ?,"
        + " thought_tokens = ?, cached_tokens = ?, total_tokens = ?, cost_nano_usd = ?, latency_ms = ?, attempts = ?,"
        + " http_status = ?, vendor_status = ?, image_input_tokens = ?, engine_ms = ? WHERE id = ?";
    Usage u = g == null ? Usage.ZERO : g.usage();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setLong(2, now.toEpochMilli());
      setNullable(ps, 3, g == null ? null : g.modelVersion().orElse(null));
      setNullable(ps, 4, e == null ? null : e.kind().name());
      setNullable(ps, 5, e == null ? null : cap(e.getMessage()));
      setNullable(ps, 6, reason);
      setNullable(ps, 7, g == null || g.text().isEmpty() ? modelText(e) : cap(g.text()));
      setNullable(ps, 8, g == null ? null : g.responseId().orElse(null));
      ps.setLong(9, u.promptTokens());
      ps.setLong(10, u.outputTokens());
      ps.setLong(11, u.imageOutputTokens());
      ps.setLong(12, u.thoughtTokens());
      ps.setLong(13, u.cachedTokens());
      ps.setLong(14, u.totalTokens());
      ps.setLong(15, g == null ? 0 : nanoUsd(g.costUsd()));
      ps.setLong(16, latency.toMillis());
      ps.setInt(17, g != null ? g.attempts() : e != null ? e.attempts() : 0);
      ps.setInt(18, e == null ? 0 : e.httpStatus());
      setNullable(ps, 19, e == null ? null : e.vendorStatus().orElse(null));
      ps.setLong(20, u.imageInputTokens());
      java.time.Duration engine = g == null ? null : g.engineTime().orElse(null);
      if (engine == null) {
        ps.setNull(21, java.sql.Types.INTEGER);
      } else {
        ps.setLong(21, engine.toMillis());
      }
      ps.setLong(22, id);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("generation row " + id + " is missing");
      }
    }
  }

  private static @Nullable String modelText(@Nullable DarkroomException e) {
    return e instanceof NoImageException n && !n.modelText().isEmpty() ? cap(n.modelText()) : null;
  }

  private static long insertFile(Connection c, long generationId, @Nullable Long parentId, OutputKind kind,
      GeneratedImage image, int row, int col) throws SQLException {
    String sql = "INSERT INTO output_file (generation_id, parent_id, kind, path, sha256, mime_type, width, height,"
        + " grid_row, grid_col, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, generationId);
      if (parentId != null) {
        ps.setLong(2, parentId);
      } else {
        ps.setNull(2, Types.INTEGER);
      }
      ps.setString(3, kind.name());
      setNullable(ps, 4, image.path().map(p -> p.toAbsolutePath().normalize()).map(Path::toString).orElse(null));
      ps.setString(5, image.sha256());
      ps.setString(6, image.mimeType());
      ps.setInt(7, image.width());
      ps.setInt(8, image.height());
      if (kind == OutputKind.CELL) {
        ps.setInt(9, row);
        ps.setInt(10, col);
      } else {
        ps.setNull(9, Types.INTEGER);
        ps.setNull(10, Types.INTEGER);
      }
      ps.setLong(11, image.byteCount());
      ps.executeUpdate();
    }
    return lastId(c);
  }

  /**
   * Moves output rows recorded at {@code from} to {@code to} with a new digest and size (null when
   * unknown); returns the rows changed.
   */
  static int relocate(Connection c, Path from, Path to, String sha256, @Nullable Long sizeBytes) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE output_file SET path = ?, sha256 = ?, size_bytes = ? WHERE path = ?")) {
      ps.setString(1, to.toAbsolutePath().normalize().toString());
      ps.setString(2, sha256);
      if (sizeBytes != null) {
        ps.setLong(3, sizeBytes);
      } else {
        ps.setNull(3, Types.INTEGER);
      }
      ps.setString(4, from.toAbsolutePath().normalize().toString());
      return ps.executeUpdate();
    }
  }

  /** USD to whole nano-dollars, so sums in SQL stay exact. */
  static long nanoUsd(BigDecimal usd) {
    return usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static long lastId(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static @Nullable String cap(@Nullable String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
  }

  static void setNullable(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }
}
