package dev.darkroom.studio.internal;

/**
 * The one place user text (prompts, file names, model text, labels) becomes HTML. Both methods escape
 * {@code & < > " '}, so the result is safe in element content and in double- or single-quoted
 * attribute values; control characters other than tab and newline become U+FFFD so no text can end a
 * comment, script or attribute early.
 */
public final class HtmlEscaper {
  private HtmlEscaper() {}

  /** Escapes text for element content. */
  public static String text(String s) {
    return escape(s, false);
  }

  /** Escapes text for a quoted attribute value; newlines become {@code &#10;}. */
  public static String attribute(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        case '\r' -> b.append(attribute ? "&#13;" : "\n");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
