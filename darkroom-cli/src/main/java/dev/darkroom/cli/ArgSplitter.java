package dev.darkroom.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a flag string such as {@code -m gemini-3-pro-image --system-prompt 'Be bold'} into arguments
 * the way a POSIX shell would for words, single quotes, double quotes and backslashes (no expansion).
 */
final class ArgSplitter {
  private ArgSplitter() {}

  /** @throws CliException (usage) naming {@code what} for an unclosed quote */
  static List<String> split(String text, String what) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw CliException.usage(what + ": unclosed ' in \"" + text + "\"");
        }
        word.append(text, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < text.length() && text.charAt(j) != '"'; j++) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
            word.append(text.charAt(++j));
          } else {
            word.append(d);
          }
        }
        if (j >= text.length()) {
          throw CliException.usage(what + ": unclosed \" in \"" + text + "\"");
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }
}
