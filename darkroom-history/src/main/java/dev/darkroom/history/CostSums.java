package dev.darkroom.history;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums cost per group. Grouping happens here rather than in SQL so days follow the query's time zone. */
final class CostSums {
  private CostSums() {}

  static CostReport sum(Connection c, CostQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT started_ms, model, run_id, status, cost_nano_usd, engine_ms FROM generation WHERE 1 = 1");
    List<Long> args = new ArrayList<>();
    q.since().ifPresent(t -> {
      sql.append(" AND started_ms >= ?");
      args.add(t.toEpochMilli());
    });
    q.until().ifPresent(t -> {
      sql.append(" AND started_ms < ?");
      args.add(t.toEpochMilli());
    });
    Map<String, CostReport.Line> lines = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setLong(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = switch (q.groupBy()) {
            case DAY -> Instant.ofEpochMilli(rs.getLong(1)).atZone(q.zone()).toLocalDate().toString();
            case MODEL -> rs.getString(2);
            case RUN -> rs.getString(3) == null ? "" : rs.getString(3);
          };
          GenerationStatus status = GenerationStatus.valueOf(rs.getString(4));
          BigDecimal cost = BigDecimal.valueOf(rs.getLong(5), 9);
          java.time.Duration engine = java.time.Duration.ofMillis(rs.getLong(6));
          lines.merge(key, CostReport.Line.empty(key).plus(status, cost, engine), CostReport.Line::plus);
        }
      }
    }
    CostReport.Line total = CostReport.Line.empty("total");
    for (CostReport.Line line : lines.values()) {
      total = total.plus(line);
    }
    return new CostReport(q, new ArrayList<>(lines.values()), total);
  }
}
