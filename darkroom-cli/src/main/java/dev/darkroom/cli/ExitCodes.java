package dev.darkroom.cli;

import dev.darkroom.ErrorKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code darkroom} command. Scripts may rely on them.
 *
 * <p>When some of several images were made and others failed, the saved images are reported and the
 * exit code is that of the first failure.
 */
public final class ExitCodes {
  /** Everything asked for was done. */
  public static final int OK = 0;
  /** Anything not covered below, e.g. a file that could not be written or an inspected file without provenance. */
  public static final int OTHER = 1;
  /** Invalid usage or request, or a history database that cannot be used; nothing was sent. */
  public static final int USAGE = 2;
  /** The provider blocked the content or returned no image. */
  public static final int BLOCKED = 3;
  /** Rate limit or quota still exhausted after retries. */
  public static final int QUOTA = 4;
  /** The API key is missing at the provider, wrong, or lacks permission. */
  public static final int AUTH = 5;
  /** Network failure, timeout, server error or malformed response after retries. */
  public static final int TRANSPORT = 6;

  private ExitCodes() {}

  /** The list shown under "Exit codes:" in every command's usage help. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put("0", "success");
    list.put("1", "any other failure");
    list.put("2", "invalid usage or request, or unusable history database (nothing sent)");
    list.put("3", "content blocked or no image returned");
    list.put("4", "quota or rate limit exhausted");
    list.put("5", "authentication or permission failure");
    list.put("6", "network, timeout, server error or malformed response after retries");
    return list;
  }

  /** The exit code for a library failure of this kind. */
  public static int of(ErrorKind kind) {
    return switch (kind) {
      case INVALID_REQUEST -> USAGE;
      case CONTENT_BLOCKED, NO_IMAGE -> BLOCKED;
      case QUOTA -> QUOTA;
      case AUTHENTICATION -> AUTH;
      case SERVER, TIMEOUT, TRANSPORT, MALFORMED_RESPONSE -> TRANSPORT;
      case OUTPUT -> OTHER;
    };
  }
}
