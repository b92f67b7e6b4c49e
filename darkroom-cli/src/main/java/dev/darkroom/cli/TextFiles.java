package dev.darkroom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Reads the text files a command is pointed at, failing with a usage error that names the file. */
final class TextFiles {
  private TextFiles() {}

  /**
   * @param what how the file is referred to in messages, e.g. {@code prompt file}
   * @param name the file as the user wrote it; {@code -} reads standard input
   */
  static String read(Environment env, String name, String what) {
    if (name.equals("-")) {
      try (InputStream in = env.stdin()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.usage("cannot read " + what + " from standard input: " + e.getMessage());
      }
    }
    Path path = env.resolve(name);
    if (!Files.exists(path)) {
      throw CliException.usage(what + " " + name + " does not exist");
    }
    if (!Files.isRegularFile(path)) {
      throw CliException.usage(what + " " + name + " is not a regular file");
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + what + " " + name + ": " + e.getMessage());
    }
  }

  /** {@code @FILE} reads the file, anything else is the text itself. */
  static String textOrFile(Environment env, String value, String what) {
    return value.startsWith("@") ? read(env, value.substring(1), what) : value;
  }

  /**
   * The prompt given either as an argument or with {@code --prompt-file} (a text or Markdown file, or
   * {@code -} for standard input), as {@code generate} and {@code compare} take it; null when neither
   * is given. The argument {@code -} also reads standard input. Any other argument is the prompt as
   * written, even when it starts with {@code @}.
   *
   * @throws CliException (usage) when both are given, or the file cannot be read
   */
  static @Nullable String prompt(Environment env, @Nullable String argument, @Nullable String promptFile) {
    if (argument != null && promptFile != null) {
      throw CliException.usage("give the prompt either as an argument or with --prompt-file, not both");
    }
    if ("-".equals(argument)) {
      return read(env, "-", "prompt");
    }
    return promptFile != null ? read(env, promptFile, "prompt file") : argument;
  }
}
