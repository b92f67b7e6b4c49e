package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import picocli.CommandLine.IVersionProvider;

/** {@code darkroom --version}: {@code darkroom <version>}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"darkroom " + Darkroom.VERSION};
  }
}
