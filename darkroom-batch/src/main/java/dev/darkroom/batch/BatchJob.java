package dev.darkroom.batch;

import dev.darkroom.ImageRequest;
import dev.darkroom.OutputFormat;
import dev.darkroom.SaveOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * One fully expanded job: one provider call, one output file (plus grid cells). Immutable.
 *
 * <p>Its {@link #key()} is the SHA-256 of a canonical JSON of everything that decides what is paid
 * for and where it lands: model, prompt, system prompt, every parameter, the SHA-256 of each input
 * image, the output path and format. Editing one job in a job file changes only that job's key.
 */
public final class BatchJob {
  private final int index;
  private final String name;
  private final String origin;
  private final String key;
  private final ImageRequest request;
  private final Path output;
  private final OutputFormat format;
  private final Map<String, String> variables;

  BatchJob(int index, String name, String origin, String key, ImageRequest request, Path output, OutputFormat format,
      Map<String, String> variables) {
    this.index = index;
    this.name = name;
    this.origin = origin;
    this.key = key;
    this.request = request;
    this.output = output;
    this.format = format;
    this.variables = Map.copyOf(variables);
  }

  /** 1-based position among the plan's jobs. */
  public int index() {
    return index;
  }

  /** The job's name: its {@code name} template filled, else {@code job N}. */
  public String name() {
    return name;
  }

  /** Where it comes from, for messages, e.g. {@code job 1 "pokemon", row 3 of pokemon.csv, style=watercolor}. */
  public String origin() {
    return origin;
  }

  /** The stable key (64 hex digits). */
  public String key() {
    return key;
  }

  /** The request, always with a count of 1. */
  public ImageRequest request() {
    return request;
  }

  /** The absolute path of its image (grid cells are saved next to it). */
  public Path output() {
    return output;
  }

  public OutputFormat format() {
    return format;
  }

  /** The variables it was filled from. */
  public Map<String, String> variables() {
    return variables;
  }

  /** How its image is saved: at {@link #output()}, never over an existing file. */
  public SaveOptions saveOptions() {
    return SaveOptions.builder().file(output).format(format).build();
  }

  @Override
  public String toString() {
    return "BatchJob{" + index + " " + name + " -> " + output.getFileName() + "}";
  }
}
