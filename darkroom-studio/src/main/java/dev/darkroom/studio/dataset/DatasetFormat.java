package dev.darkroom.studio.dataset;

import java.util.Locale;

/** The layout of a training folder. */
public enum DatasetFormat {
  /**
   * kohya-ss sd-scripts (and trainers that read its layout): images in {@code DIR/N_name/}, where N
   * is the number of repeats per epoch, each with a caption in a {@code .txt} file of the same stem.
   */
  KOHYA,
  /**
   * Hugging Face diffusers / {@code datasets} "imagefolder": images in {@code DIR/} with one
   * {@code metadata.jsonl} line per image, {@code {"file_name": "0001.png", "text": "caption"}}.
   */
  DIFFUSERS;

  /**
   * The format named {@code name}, case-insensitive.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static DatasetFormat parse(String name) {
    for (DatasetFormat f : values()) {
      if (f.name().equalsIgnoreCase(name.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; allowed: kohya, diffusers");
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
