package dev.darkroom.history;

import java.util.Arrays;
import java.util.List;

/**
 * Turns search words into SQL: an FTS5 {@code MATCH} over prompts when the index exists, else one
 * {@code LIKE} per word. Every word is quoted, so user text can never be FTS5 query syntax.
 */
final class Search {
  private Search() {}

  static void appendFilter(StringBuilder sql, List<Object> args, String text, boolean fullText) {
    List<String> words = Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      return;
    }
    if (fullText) {
      StringBuilder match = new StringBuilder();
      for (String w : words) {
        match.append(match.length() == 0 ? "" : " ").append('"').append(w.replace("\"", "\"\"")).append('"');
      }
      sql.append(" AND id IN (SELECT rowid FROM generation_fts WHERE generation_fts MATCH ?)");
      args.add(match.toString());
    } else {
      for (String w : words) {
        String like = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        sql.append(" AND (prompt LIKE ? ESCAPE '\\' OR system_prompt LIKE ? ESCAPE '\\')");
        args.add(like);
        args.add(like);
      }
    }
  }
}
