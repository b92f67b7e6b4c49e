package dev.darkroom.studio.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A self-contained HTML document: one inline style sheet and at most one inline script, allowed by
 * their SHA-256 hashes in a Content-Security-Policy meta element that forbids everything else
 * (other scripts, inline event handlers, {@code javascript:} URLs, remote resources). Pages work from
 * a local folder opened in a browser, with no server.
 */
public final class HtmlPage {
  private final String title;
  private String style = "";
  private String script = "";
  private final StringBuilder body = new StringBuilder();

  public HtmlPage(String title) {
    this.title = title;
  }

  /** The page's only style sheet. It must not contain {@code </style}. */
  public HtmlPage style(String css) {
    if (css.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
      throw new IllegalArgumentException("style must not contain </style");
    }
    this.style = css;
    return this;
  }

  /** The page's only script, run at the end of the body. It must not contain {@code </script}. */
  public HtmlPage script(String js) {
    if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
      throw new IllegalArgumentException("script must not contain </script");
    }
    this.script = js;
    return this;
  }

  /** The body's markup; append escaped text only (see {@link #text} and {@link #attr}). */
  public StringBuilder body() {
    return body;
  }

  /** The Content-Security-Policy this page declares. */
  public String contentSecurityPolicy() {
    return "default-src 'none'; img-src 'self' file: data:; style-src '" + hash(style) + "'; script-src '"
        + hash(script) + "'; base-uri 'none'; form-action 'none'; object-src 'none'";
  }

  public String render() {
    StringBuilder b = new StringBuilder(body.length() + style.length() + script.length() + 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(attr(contentSecurityPolicy()))
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<title>").append(text(title)).append("</title>\n")
        .append("<style>").append(style).append("</style>\n</head>\n<body>\n")
        .append(body);
    if (!script.isEmpty()) {
      b.append("<script>").append(script).append("</script>\n");
    }
    return b.append("</body>\n</html>\n").toString();
  }

  public static String text(String s) {
    return HtmlEscaper.text(s);
  }

  public static String attr(String s) {
    return HtmlEscaper.attribute(s);
  }

  /**
   * A relative URL for a relative file path with {@code /} separators: each segment percent-encoded
   * (UTF-8), so spaces, {@code #}, {@code ?}, {@code %} and quotes stay part of the name. Escape the
   * result with {@link #attr} as well.
   */
  public static String url(String relativePath) {
    StringBuilder b = new StringBuilder();
    for (byte x : relativePath.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** The CSP source expression for inline content, e.g. {@code sha256-…}. */
  public static String hash(String content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
