package dev.darkroom.cli;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The common {@code generate} flags that {@code compare} accepts directly, applying to every panel as
 * if given in {@code --shared}: {@code compare "a fox" -m A -m B -a 3:2} works as people expect.
 */
final class CompareSharedOptions {
  @Option(names = {"-a", "--aspect-ratio"}, paramLabel = "W:H", description = "For every panel, as in --shared.")
  @Nullable String aspectRatio;

  @Option(names = {"-s", "--image-size"}, paramLabel = "SIZE", description = "For every panel, as in --shared.")
  @Nullable String imageSize;

  @Option(names = "--seed", paramLabel = "SEED", description = "For every panel, as in --shared.")
  @Nullable String seed;

  @Option(names = "--temperature", paramLabel = "T", description = "For every panel, as in --shared.")
  @Nullable String temperature;

  @Option(names = "--system-prompt", paramLabel = "TEXT|@FILE", description = "For every panel, as in --shared.")
  @Nullable String systemPrompt;

  @Option(names = "--thinking", paramLabel = "LEVEL", description = "For every panel, as in --shared.")
  @Nullable String thinking;

  @Option(names = "--search", description = "For every panel, as in --shared.")
  boolean search;

  @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "For every panel, as in --shared. Repeatable.")
  List<String> images = new ArrayList<>();

  @Option(names = "--image-only", description = "For every panel, as in --shared.")
  boolean imageOnly;

  @Option(names = "--safety", paramLabel = "CATEGORY=THRESHOLD", description = "For every panel, as in --shared. Repeatable.")
  List<String> safety = new ArrayList<>();

  /** These options as {@code generate} arguments, in a fixed order; empty when none is given. */
  List<String> asArguments() {
    List<String> args = new ArrayList<>();
    add(args, "--aspect-ratio", aspectRatio);
    add(args, "--image-size", imageSize);
    add(args, "--seed", seed);
    add(args, "--temperature", temperature);
    add(args, "--system-prompt", systemPrompt);
    add(args, "--thinking", thinking);
    if (search) {
      args.add("--search");
    }
    images.forEach(i -> add(args, "--image", i));
    if (imageOnly) {
      args.add("--image-only");
    }
    safety.forEach(s -> add(args, "--safety", s));
    return args;
  }

  private static void add(List<String> args, String name, @Nullable String value) {
    if (value != null) {
      args.add(name);
      args.add(value);
    }
  }
}
