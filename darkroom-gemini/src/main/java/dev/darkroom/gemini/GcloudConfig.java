package dev.darkroom.gemini;

import dev.darkroom.spi.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The project gcloud itself would use ({@code gcloud config get project}), read without running gcloud:
 * {@code CLOUDSDK_CORE_PROJECT}, else the {@code project} property in the {@code [core]} section of the
 * active configuration, {@code configurations/config_<name>} in gcloud's configuration directory
 * ({@link CredentialChain#gcloudDirectory}). The active configuration's name is
 * {@code CLOUDSDK_ACTIVE_CONFIG_NAME}, else the content of the file {@code active_config} there, else
 * {@code default}. Missing, unreadable or malformed files mean no project; nothing is written.
 */
final class GcloudConfig {
  /** The variable that overrides gcloud's {@code core/project} property. */
  static final String PROJECT_ENV = "CLOUDSDK_CORE_PROJECT";

  private GcloudConfig() {}

  /** The project gcloud is configured with, if any. */
  static Optional<String> project(ProviderContext ctx) {
    Optional<String> fromEnv = ctx.env(PROJECT_ENV).map(String::strip).filter(p -> !p.isEmpty());
    if (fromEnv.isPresent()) {
      return fromEnv;
    }
    return propertiesFile(ctx).flatMap(GcloudConfig::coreProject);
  }

  /** Where the project was looked for, for messages: the variable and the configuration file. */
  static String describe(ProviderContext ctx) {
    return PROJECT_ENV + ", " + propertiesFile(ctx).map(Path::toString)
        .orElse("gcloud's configuration (CLOUDSDK_CONFIG, APPDATA and HOME not set)");
  }

  /** The active configuration's properties file, when gcloud's directory is known and the name is sane. */
  private static Optional<Path> propertiesFile(ProviderContext ctx) {
    Optional<Path> dir = CredentialChain.gcloudDirectory(ctx);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    String name = ctx.env("CLOUDSDK_ACTIVE_CONFIG_NAME").map(String::strip).filter(n -> !n.isEmpty())
        .or(() -> firstLine(dir.get().resolve("active_config")))
        .orElse("default");
    // gcloud's names are letters, digits and hyphens; anything else must not become a path.
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      return Optional.empty();
    }
    return Optional.of(dir.get().resolve("configurations").resolve("config_" + name));
  }

  private static Optional<String> firstLine(Path file) {
    return lines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  /** {@code project} under {@code [core]}, in gcloud's INI syntax ({@code key = value}, {@code #}/{@code ;} comments). */
  static Optional<String> coreProject(Path file) {
    boolean inCore = false;
    for (String raw : lines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        inCore = line.substring(1, line.length() - 1).strip().equals("core");
        continue;
      }
      int eq = line.indexOf('=');
      int colon = line.indexOf(':');
      int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      if (inCore && sep > 0 && line.substring(0, sep).strip().equals("project")) {
        String value = line.substring(sep + 1).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
