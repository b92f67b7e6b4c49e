package dev.darkroom.cli;

/**
 * The width tables are fitted to: {@code COLUMNS} from the environment (the {@code ./darkroom}
 * launcher sets it from the terminal when standard output is one), else no limit, so that piped
 * output is never cut.
 */
final class TerminalWidth {
  /** Narrower values are ignored as mistakes. */
  static final int MIN = 40;

  private TerminalWidth() {}

  /** The width in characters, or 0 for no limit. */
  static int of(Environment env) {
    String columns = env.get("COLUMNS");
    if (columns == null || !columns.matches("\\d{1,4}")) {
      return 0;
    }
    int n = Integer.parseInt(columns);
    return n < MIN ? 0 : n;
  }
}
