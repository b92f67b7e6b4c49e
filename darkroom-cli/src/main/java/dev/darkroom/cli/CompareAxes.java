package dev.darkroom.cli;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.studio.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code compare --x/--y/--z NAME=V1,V2,…}: one axis of an A1111-style X/Y/Z plot, as comparison
 * variants. NAME is any setting a {@code --variant} can change: a shared field ({@code model},
 * {@code seed}, {@code aspect}, {@code size}, {@code prompt}), a flag without its dashes
 * ({@code steps}, {@code cfg}, {@code sampler}, {@code negative}, {@code lora}, {@code refiner},
 * {@code thinking}) or any provider option by its own name ({@code thinkingLevel}, {@code quality});
 * a flag may also be written with its dashes ({@code --steps}). Values are separated by commas, or by
 * {@code |} when any value holds a comma; {@code none} (or an empty value) leaves the setting as the
 * shared flags have it; {@code +} joins several values of a repeatable flag ({@code lora=a:0.8+b:0.5}).
 */
final class CompareAxes {
  /** Short names for the shared fields and flags; everything else is tried as --NAME, then as -O NAME=…. */
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("model", "--model"), Map.entry("m", "--model"),
      Map.entry("seed", "--seed"),
      Map.entry("aspect", "--aspect-ratio"), Map.entry("aspectratio", "--aspect-ratio"), Map.entry("a", "--aspect-ratio"),
      Map.entry("ratio", "--aspect-ratio"),
      Map.entry("size", "--image-size"), Map.entry("imagesize", "--image-size"), Map.entry("s", "--image-size"),
      Map.entry("negative", "--negative"), Map.entry("negativeprompt", "--negative"),
      Map.entry("lora", "--lora"), Map.entry("loras", "--lora"),
      Map.entry("systemprompt", "--system-prompt"), Map.entry("system", "--system-prompt"),
      Map.entry("temperature", "--temperature"),
      Map.entry("thinking", "--thinking"),
      Map.entry("refinerswitch", "--refiner-switch"));

  private CompareAxes() {}

  /**
   * The variants of one axis, one per value, each labelled {@code NAME=VALUE}. A value whose flags
   * cannot be read becomes a variant that refuses every panel it is in, so the plan lists it with the
   * rest.
   *
   * @throws CliException (usage) when the axis is not NAME=V1,V2,…
   */
  static List<Variant> parse(Environment env, ModelCatalog catalog, String option, @Nullable String axis) {
    if (axis == null) {
      return List.of();
    }
    int eq = axis.indexOf('=');
    if (eq <= 0 || axis.substring(0, eq).isBlank() || axis.substring(eq + 1).isBlank()) {
      throw CliException.usage("invalid " + option + " '" + axis + "'; expected NAME=V1,V2,…, e.g. " + option
          + " steps=20,30,40 or " + option + " seed=1,2");
    }
    String name = axis.substring(0, eq).strip();
    String list = axis.substring(eq + 1);
    String separator = list.contains("|") ? "\\|" : ",";
    List<Variant> variants = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String raw : list.split(separator, -1)) {
      String value = raw.strip();
      String label = name + "=" + (value.isEmpty() ? "none" : value);
      if (seen.contains(label)) {
        throw CliException.usage(option + " " + name + ": the value '" + value + "' is given twice");
      }
      seen.add(label);
      variants.add(variant(env, catalog, option, label, name, value));
    }
    if (variants.size() > 16) {
      throw CliException.usage(option + " " + name + " has " + variants.size() + " values; at most 16 per axis");
    }
    return variants;
  }

  private static Variant variant(Environment env, ModelCatalog catalog, String option, String label, String name,
      String value) {
    if (value.isEmpty() || value.equalsIgnoreCase("none")) {
      return Variant.of(label, b -> {});
    }
    List<String> args = arguments(name, value);
    try {
      return Variant.of(label, GenerateCommand.variant(env, catalog, label, args));
    } catch (CliException | InvalidRequestException e) {
      String message = option + " " + label + ": " + String.valueOf(e.getMessage()).replaceFirst("^--variant \\Q" + label + "\\E: ", "");
      Consumer<ImageRequest.Builder> refuse = b -> {
        throw new InvalidRequestException(message);
      };
      return Variant.of(label, refuse);
    }
  }

  /** The {@code generate} arguments that set NAME to VALUE. */
  static List<String> arguments(String name, String value) {
    if (name.equalsIgnoreCase("prompt")) {
      return List.of(value);
    }
    String flag = flagFor(name);
    List<String> args = new ArrayList<>();
    if (flag == null) {
      args.add("--option");
      args.add(name + "=" + value);
      return args;
    }
    for (String part : flag.equals("--lora") ? value.split("\\+") : new String[] {value}) {
      args.add(flag);
      args.add(part.strip());
    }
    return args;
  }

  /** The value-taking flag a {@code --variant} has for NAME, or null for a provider option by name. */
  private static @Nullable String flagFor(String name) {
    String key = name.startsWith("--") ? name.substring(2) : name;
    String alias = ALIASES.get(key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
    if (alias != null) {
      return alias;
    }
    String flag = "--" + key;
    boolean valued = !flag.equals("--search") && !flag.equals("--image-only") && !flag.equals("--image")
        && !flag.equals("--option");
    return valued && GenerateCommand.VARIANT_OPTIONS.contains(flag) ? flag : null;
  }
}
