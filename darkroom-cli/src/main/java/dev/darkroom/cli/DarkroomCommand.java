package dev.darkroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: without a subcommand it prints its usage. */
@Command(
    name = "darkroom",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prompt-engineered image generation: Gemini (Nano Banana), GPT Image and local Stable Diffusion engines.",
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  GEMINI_API_KEY (or GOOGLE_API_KEY)  API key",
      "  GOOGLE_GEMINI_BASE_URL              API root (a proxy or a fake)",
      "  DARKROOM_MODEL                      default model",
      "  DARKROOM_MODELS                     model table file laid over the built-in one",
      "  DARKROOM_HOME                       directory of history.db (default: ~/.darkroom)",
    })
final class DarkroomCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of unexpected errors.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
