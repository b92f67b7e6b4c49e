package dev.darkroom.history;

import dev.darkroom.ErrorKind;
import dev.darkroom.Usage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL that reads rows and their files back into {@link GenerationRecord}s. */
final class RecordReader {
  private static final int IN_CHUNK = 500;

  private RecordReader() {}

  static List<GenerationRecord> list(Connection c, HistoryQuery q, boolean fullText) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM generation WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    q.since().ifPresent(t -> add(sql, args, " AND started_ms >= ?", t.toEpochMilli()));
    q.until().ifPresent(t -> add(sql, args, " AND started_ms < ?", t.toEpochMilli()));
    q.model().ifPresent(m -> add(sql, args, " AND model = ?", m));
    q.status().ifPresent(s -> add(sql, args, " AND status = ?", s.name()));
    q.runId().ifPresent(r -> add(sql, args, " AND run_id = ?", r));
    q.minCostUsd().ifPresent(usd -> add(sql, args, " AND cost_nano_usd >= ?",
        nanoUsd(usd, java.math.RoundingMode.CEILING)));
    q.maxCostUsd().ifPresent(usd -> add(sql, args, " AND cost_nano_usd <= ?",
        nanoUsd(usd, java.math.RoundingMode.FLOOR)));
    q.search().ifPresent(text -> Search.appendFilter(sql, args, text, fullText));
    sql.append(" ORDER BY started_ms DESC, id DESC LIMIT ?");
    args.add(q.limit());
    return query(c, sql.toString(), args);
  }

  /** US dollars as whole nano-dollars (the column's unit), saturating at the column's largest value. */
  private static long nanoUsd(BigDecimal usd, java.math.RoundingMode rounding) {
    BigDecimal nanos = usd.movePointRight(9).setScale(0, rounding);
    return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : nanos.longValueExact();
  }

  static Optional<GenerationRecord> get(Connection c, long id) throws SQLException {
    return query(c, "SELECT * FROM generation WHERE id = ?", List.of(id)).stream().findFirst();
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  private static List<GenerationRecord> query(Connection c, String sql, List<Object> args) throws SQLException {
    Map<Long, GenerationRecord.Builder> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          GenerationRecord.Builder b = row(rs);
          rows.put(b.id, b);
        }
      }
    }
    attachFiles(c, rows);
    List<GenerationRecord> records = new ArrayList<>(rows.size());
    rows.values().forEach(b -> records.add(b.build()));
    return records;
  }

  private static GenerationRecord.Builder row(ResultSet rs) throws SQLException {
    GenerationRecord.Builder b = new GenerationRecord.Builder();
    b.id = rs.getLong("id");
    b.startedAt = Instant.ofEpochMilli(rs.getLong("started_ms"));
    Long finished = nullableLong(rs, "finished_ms");
    b.finishedAt = finished == null ? null : Instant.ofEpochMilli(finished);
    b.status = GenerationStatus.valueOf(rs.getString("status"));
    b.provider = rs.getString("provider");
    b.modelVersion = rs.getString("model_version");
    b.request = RequestJson.decode(rs.getString("request_json"), rs.getString("provider"));
    b.callIndex = rs.getInt("call_index");
    b.runId = rs.getString("run_id");
    b.pid = rs.getLong("pid");
    String kind = rs.getString("error_kind");
    b.errorKind = kind == null ? null : ErrorKind.valueOf(kind);
    b.errorMessage = rs.getString("error_message");
    b.reason = rs.getString("reason");
    String text = rs.getString("model_text");
    b.modelText = text == null ? "" : text;
    b.responseId = rs.getString("response_id");
    b.usage = new Usage(rs.getLong("prompt_tokens"), rs.getLong("output_tokens"), rs.getLong("image_tokens"),
        rs.getLong("thought_tokens"), rs.getLong("cached_tokens"), rs.getLong("total_tokens"),
        rs.getLong("image_input_tokens"));
    b.costUsd = BigDecimal.valueOf(rs.getLong("cost_nano_usd"), 9);
    Long engine = nullableLong(rs, "engine_ms");
    b.engineTime = engine == null ? null : Duration.ofMillis(engine);
    Long latency = nullableLong(rs, "latency_ms");
    b.latency = latency == null || b.status == GenerationStatus.RUNNING || b.status == GenerationStatus.INTERRUPTED
        ? null : Duration.ofMillis(latency);
    b.attempts = rs.getInt("attempts");
    b.httpStatus = rs.getInt("http_status");
    b.vendorStatus = rs.getString("vendor_status");
    return b;
  }

  private static void attachFiles(Connection c, Map<Long, GenerationRecord.Builder> rows) throws SQLException {
    List<Long> ids = new ArrayList<>(rows.keySet());
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
      String sql = "SELECT * FROM output_file WHERE generation_id IN (" + "?,".repeat(chunk.size() - 1) + "?) ORDER BY id";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String path = rs.getString("path");
            Integer row = nullableInt(rs, "grid_row");
            Integer col = nullableInt(rs, "grid_col");
            rows.get(rs.getLong("generation_id")).outputs.add(new OutputFile(rs.getLong("id"),
                nullableLong(rs, "parent_id"), OutputKind.valueOf(rs.getString("kind")),
                path == null ? null : Path.of(path), rs.getString("sha256"), rs.getString("mime_type"),
                rs.getInt("width"), rs.getInt("height"), row == null ? 0 : row, col == null ? 0 : col,
                nullableLong(rs, "size_bytes")));
          }
        }
      }
    }
  }

  private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}
