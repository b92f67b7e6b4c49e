package dev.darkroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code darkroom dataset}: training sets from generated images; {@code dataset export} writes one. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Training sets (LoRA, textual inversion) from generated images.",
      "Example: darkroom dataset export --run RUN_ID --name wrong --repeats 10 --trigger wrong -o train",
    })
final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
