package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;

/**
 * Where {@code generate} takes its prompt from: the argument ({@code -} for standard input), or
 * {@code --prompt-file}, or, when neither is given and standard input is piped, standard input (unless it
 * holds the access token, {@code --access-token-file -}).
 */
final class PromptSource {
  /** How to give a prompt, for the message shown when none was given at a terminal. */
  static final String HOW = "give the prompt as an argument (darkroom generate \"a red fox\"), with"
      + " --prompt-file FILE, or on standard input (echo \"a red fox\" | darkroom generate -)";

  private PromptSource() {}

  /**
   * @param haveImages whether reference images were given (they are enough to generate from)
   * @param stdinTaken whether standard input holds something else (the access token), so that a piped
   *     prompt is not looked for
   * @return the prompt text, or null for none (images only)
   * @throws CliException (usage) when there is neither a prompt nor an image and standard input is a
   *     terminal or taken, saying how to give one
   */
  static @Nullable String of(Environment env, @Nullable String argument, @Nullable String promptFile,
      boolean haveImages, boolean stdinTaken) {
    if (argument != null || promptFile != null) {
      return TextFiles.prompt(env, argument, promptFile);
    }
    if (stdinTaken) {
      if (!haveImages) {
        throw CliException.usage("nothing to generate from: no prompt and no reference image (standard input"
            + " holds the access token, --access-token-file -); give the prompt as an argument or with"
            + " --prompt-file FILE");
      }
      return null;
    }
    if (!env.stdinTerminal()) {
      String piped = TextFiles.read(env, "-", "prompt");
      if (!piped.isBlank()) {
        return piped;
      }
    }
    if (!haveImages) {
      throw CliException.usage("nothing to generate from: no prompt and no reference image; " + HOW);
    }
    return null;
  }
}
