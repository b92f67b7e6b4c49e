package dev.darkroom.prompt;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The prompt dialects Darkroom reads and writes. Each has a {@link #parser()} and a {@link #renderer()}.
 *
 * <ul>
 *   <li>{@link #A1111}: AUTOMATIC1111 / Forge: {@code (x)}, {@code ((x))}, {@code [x]}, {@code (x:1.2)},
 *       {@code <lora:name:0.8>}, {@code BREAK}, {@code AND}, a trailing {@code :weight}; embeddings by bare name.
 *   <li>{@link #COMPEL}: compel / diffusers / InvokeAI: {@code x+}, {@code x--}, {@code (x)1.3}, {@code (x)} is
 *       grouping only, {@code ("a", "b").and()}, {@code .blend()}; embeddings as {@code <name>}.
 *   <li>{@link #COMFYUI}: ComfyUI {@code CLIPTextEncode}: {@code (x)}, {@code (x:1.2)} where an explicit weight
 *       replaces the nested one, no {@code [x]}, embeddings as {@code embedding:name}.
 *   <li>{@link #SWARMUI}: SwarmUI: ComfyUI's weights, passed on to ComfyUI's parser, plus SwarmUI's own
 *       {@code <fromto[N]:a||b>} and {@code <alternate:a||b>}, into which A1111 prompt editing and alternation
 *       are converted ({@link SwarmUiSchedule}); read as ComfyUI text (SwarmUI's tags stay text).
 *   <li>{@link #VQGAN}: VQGAN+CLIP (nerdyrodent {@code generate.py}): {@code text:weight:stop} parts split on
 *       {@code |}.
 *   <li>{@link #PLAIN}: text without any weighting, for Gemini and OpenAI.
 * </ul>
 */
public enum PromptSyntax {
  A1111("a1111"),
  COMPEL("compel"),
  COMFYUI("comfyui"),
  SWARMUI("swarmui"),
  VQGAN("vqgan"),
  PLAIN("plain");

  private final String id;

  PromptSyntax(String id) {
    this.id = id;
  }

  /** The lowercase id used on the command line and in job files, e.g. {@code comfyui}. */
  public String id() {
    return id;
  }

  /**
   * The syntax with this id, ignoring case ({@code a1111}, {@code compel}, {@code comfyui}, {@code vqgan},
   * {@code plain}; {@code forge} is accepted for {@code a1111}).
   *
   * @throws IllegalArgumentException naming the unknown value and the allowed ones
   */
  public static PromptSyntax parse(String id) {
    String key = id.strip().toLowerCase(Locale.ROOT);
    if (key.equals("forge")) {
      return A1111;
    }
    for (PromptSyntax s : values()) {
      if (s.id.equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown prompt syntax '" + id + "'; allowed: " + allowedIds());
  }

  /** The allowed ids, comma-separated, for messages. */
  public static String allowedIds() {
    return Arrays.stream(values()).map(PromptSyntax::id).collect(Collectors.joining(", "));
  }

  /** The parser for this dialect. */
  public PromptParser parser() {
    return switch (this) {
      case A1111 -> new A1111Parser();
      case COMPEL -> new CompelParser();
      case COMFYUI, SWARMUI -> new ComfyUiParser();
      case VQGAN -> new VqganParser();
      case PLAIN -> new PlainParser();
    };
  }

  /**
   * The parser for this dialect, told which embeddings exist. Only A1111 needs this: it writes embeddings as
   * bare words, so a word is an embedding only if it is one of these names (as A1111 matches the files in
   * its {@code embeddings} folder). The other dialects mark embeddings in the text and ignore the names.
   */
  public PromptParser parser(java.util.Collection<String> knownEmbeddings) {
    return parser(knownEmbeddings, A1111Parser.DEFAULT_STEPS);
  }

  /**
   * The parser for this dialect, told which embeddings exist and how many sampling steps the prompt is for.
   * Only A1111 needs the steps: they decide where its prompt editing and alternation stand at the last step
   * ({@link A1111Schedule}). {@link #parser()} assumes A1111's default of 20.
   *
   * @throws IllegalArgumentException if {@code steps} is below 1
   */
  public PromptParser parser(java.util.Collection<String> knownEmbeddings, int steps) {
    return this == A1111 ? new A1111Parser(java.util.Set.copyOf(knownEmbeddings), steps) : parser();
  }

  /** The renderer for this target. */
  public PromptRenderer renderer() {
    return switch (this) {
      case A1111 -> new A1111Renderer();
      case COMPEL -> new CompelRenderer();
      case COMFYUI, SWARMUI -> new ComfyUiRenderer(this);
      case VQGAN -> new VqganRenderer();
      case PLAIN -> new PlainRenderer();
    };
  }

  @Override
  public String toString() {
    return id;
  }
}
