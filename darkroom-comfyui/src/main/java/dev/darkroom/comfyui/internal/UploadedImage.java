package dev.darkroom.comfyui.internal;

/**
 * What {@code POST /upload/image} answered: the stored name (ComfyUI renames on a clash, e.g.
 * {@code ref (1).png}), its subfolder and type.
 */
public record UploadedImage(String name, String subfolder, String type) {
  /** The value for {@code LoadImage.image}: {@code subfolder/name}, or just the name at the top level. */
  public String loadImageValue() {
    return subfolder.isEmpty() ? name : subfolder + "/" + name;
  }
}
