package dev.darkroom.bench;

/** The three generation cases of the comparison. */
enum Scenario {
  /** Nano Banana (gemini-2.5-flash-image), one 1K PNG. */
  A("a", "Nano Banana 1K PNG", 1),
  /**
   * Nano Banana Pro (gemini-3-pro-image), one 4K JPEG with include-thoughts and thinking level
   * HIGH: a thought text, a thought image, a caption and the final image, the last two carrying
   * 3 MB thought signatures.
   */
  B("b", "Nano Banana Pro 4K JPEG + thoughts", 1),
  /** 20 concurrent Nano Banana 1K PNG generations. */
  C("c", "20 concurrent 1K PNG", 20);

  static final String FLASH = "gemini-2.5-flash-image";
  static final String PRO = "gemini-3-pro-image";
  static final String PROMPT = "A photorealistic red fox sitting in fresh snow at golden hour";

  final String id;
  final String title;
  /** Images per operation. */
  final int images;

  Scenario(String id, String title, int images) {
    this.id = id;
    this.title = title;
    this.images = images;
  }

  static Scenario of(String id) {
    for (Scenario s : values()) {
      if (s.id.equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown case '" + id + "'; known: a, b, c");
  }
}
