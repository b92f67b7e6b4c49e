package dev.darkroom.prompt;

import dev.darkroom.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An A1111 prompt with prompt editing and alternation, written for SwarmUI so that SwarmUI runs the schedule
 * itself: each outermost {@code [from:to:when]} becomes {@code <fromto[N]:from||to>} and each {@code [a|b|c]}
 * becomes {@code <alternate:a||b||c>}; the rest of the prompt, and the text of each part, is converted to
 * ComfyUI's weight syntax, which SwarmUI hands to ComfyUI.
 *
 * <p>SwarmUI's facts this relies on ({@code T2IPromptHandling.cs}, {@code SwarmTextHandling.py}): the tags'
 * items are separated by {@code ||} (so commas and single bars would not split them) and trimmed; SwarmUI
 * turns the tags into {@code [from:to:N]} and {@code [a|b]} for its {@code SwarmClipTextEncodeAdvanced} node,
 * escaping {@code \ : | [ ]} in the items with a backslash. A {@code N} below 1 is a share of the steps, else a
 * 0-based step from which {@code to} is used; item i of an alternation is used at 0-based steps i, i+k, …
 * (A1111's order).
 *
 * <ul>
 *   <li>With the steps known, {@code N} is A1111's own switch step (a share truncated to a whole step, at
 *       most the steps, at least 0), so the switch happens at exactly A1111's step. Without them a share is
 *       written as a share (SwarmUI then rounds a fractional step up where A1111 truncates it), a share of 1 or
 *       more becomes the {@code from} text and one of 0 or less the {@code to} text.
 *   <li>What SwarmUI cannot carry stays as A1111's text at the last step, with a warning (refused when
 *       strict): a construct nested in another (SwarmUI escapes the inner tag's result, so it would reach the
 *       text encoder as literal text), and a part whose ComfyUI text holds {@code :} (weights,
 *       {@code embedding:} references), {@code |}, {@code \} or {@code <}/{@code >}: SwarmUI has no escape
 *       that reaches the encoder clean.
 *   <li>Literal {@code [} and {@code ]} elsewhere are written {@code \[} and {@code \]}, which the node reads
 *       as literal brackets. Whitespace at the ends of an item is dropped, as SwarmUI trims items.
 * </ul>
 */
public final class SwarmUiSchedule {
  /** Private-use characters that stand for the tags while the rest of the prompt is converted. */
  private static final char MARK = '\uE000';
  private static final int MAX_MARKS = 0x1800;

  private SwarmUiSchedule() {}

  /** Whether the A1111 prompt or its negative part has prompt editing or alternation. */
  public static boolean isScheduled(String text, @Nullable String negative) {
    return A1111Schedule.parse(text).isScheduled() || (negative != null && A1111Schedule.parse(negative).isScheduled());
  }

  /**
   * Converts an A1111 prompt and optional negative prompt for SwarmUI.
   *
   * @param knownEmbeddings embedding names, as for {@link PromptSyntax#parser(Collection, int)}
   * @param steps the sampling steps SwarmUI will run, or null when SwarmUI's own default applies (shares are
   *     then written as shares; A1111 text at the last step is read for 20 steps)
   * @param strict refuse, rather than warn about, anything SwarmUI or ComfyUI cannot express
   * @return the text in SwarmUI's syntax (ComfyUI's weights plus SwarmUI's tags), the
   *     LoRAs taken out and one warning per loss
   * @throws InvalidRequestException when strict and something cannot be expressed (the message names it)
   * @throws IllegalArgumentException if {@code steps} is below 1
   */
  public static RenderedPrompt convertA1111(String text, @Nullable String negative,
      Collection<String> knownEmbeddings, @Nullable Integer steps, boolean strict) {
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    int readSteps = steps == null ? A1111Parser.DEFAULT_STEPS : steps;
    Set<String> embeddings = Set.copyOf(knownEmbeddings);
    if (hasMarks(text) || (negative != null && hasMarks(negative))) {
      return PromptConverter.convert(text, negative, new A1111Parser(embeddings, readSteps), PromptSyntax.A1111,
          PromptSyntax.COMFYUI, strict);
    }
    Writer w = new Writer(embeddings, steps, readSteps, strict);
    String positive = w.outline(text);
    String neg = negative == null ? null : w.outline(negative);
    RenderedPrompt r = PromptConverter.convert(positive, neg, new A1111Parser(embeddings, readSteps),
        PromptSyntax.A1111, PromptSyntax.COMFYUI, strict);
    List<LoraRef> loras = new ArrayList<>(r.loras());
    w.loras.stream().filter(l -> !loras.contains(l)).forEach(loras::add);
    LinkedHashSet<String> warnings = new LinkedHashSet<>(w.warnings);
    warnings.addAll(r.warnings());
    return new RenderedPrompt(PromptSyntax.SWARMUI, w.fill(r.text()), r.negative().map(w::fill).orElse(null),
        loras, List.copyOf(warnings));
  }

  /** {@code [} and {@code ]} not already escaped, written {@code \[} and {@code \]} (literal for SwarmUI's node). */
  private static String literalBrackets(String comfy) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < comfy.length(); i++) {
      char c = comfy.charAt(i);
      if ((c == '[' || c == ']') && (i == 0 || comfy.charAt(i - 1) != '\\')) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static boolean hasMarks(String s) {
    return s.chars().anyMatch(c -> c >= MARK && c < MARK + MAX_MARKS);
  }

  /** Writes the tags of one request; not thread-safe, used once. */
  private static final class Writer {
    private final Set<String> embeddings;
    private final @Nullable Integer steps;
    private final int readSteps;
    private final boolean strict;
    private final List<String> tags = new ArrayList<>();
    private final List<LoraRef> loras = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Writer(Set<String> embeddings, @Nullable Integer steps, int readSteps, boolean strict) {
      this.embeddings = embeddings;
      this.steps = steps;
      this.readSteps = readSteps;
      this.strict = strict;
    }

    /** The A1111 text with each construct SwarmUI can run replaced by a mark, the others by their last step. */
    String outline(String a1111) {
      StringBuilder b = new StringBuilder();
      int pos = 0;
      for (A1111Schedule.Construct c : A1111Schedule.parse(a1111).outermost(readSteps)) {
        b.append(a1111, pos, c.start());
        String written = a1111.substring(c.start(), c.end());
        String tag = tags.size() < MAX_MARKS ? tag(c, written) : null;
        if (tag == null) {
          b.append(c.lastStepText());
        } else {
          b.append((char) (MARK + tags.size()));
          tags.add(tag);
        }
        pos = c.end();
      }
      return b.append(a1111.substring(pos)).toString();
    }

    /** The ComfyUI text with literal brackets escaped for SwarmUI's node and the marks replaced by the tags. */
    String fill(String comfy) {
      StringBuilder b = new StringBuilder();
      String escaped = literalBrackets(comfy);
      for (int i = 0; i < escaped.length(); i++) {
        char c = escaped.charAt(i);
        b.append(c >= MARK && c < MARK + tags.size() ? tags.get(c - MARK) : String.valueOf(c));
      }
      return b.toString();
    }

    private @Nullable String tag(A1111Schedule.Construct c, String written) {
      if (c.nested()) {
        return lose(written, c, "SwarmUI cannot nest <fromto> or <alternate>");
      }
      List<String> items = new ArrayList<>();
      for (String fragment : c.fragments()) {
        RenderedPrompt r = PromptConverter.convert(fragment, null, new A1111Parser(embeddings, readSteps),
            PromptSyntax.A1111, PromptSyntax.COMFYUI, strict);
        for (char bad : new char[] {':', '|', '\\', '<', '>'}) {
          if (r.text().indexOf(bad) >= 0) {
            return lose(written, c, "SwarmUI's <fromto> and <alternate> cannot carry '" + bad + "' in '"
                + r.text() + "'");
          }
        }
        loras.addAll(r.loras());
        warnings.addAll(r.warnings());
        items.add(r.text());
      }
      if (c.when() == null) {
        return "<alternate:" + String.join("||", items) + ">";
      }
      String n;
      if (steps != null) {
        n = Integer.toString(Math.max(0, A1111Schedule.switchStep(c.when(), steps)));
      } else if (c.when().contains(".")) {
        BigDecimal share = new BigDecimal(c.when());
        if (share.compareTo(BigDecimal.ONE) >= 0) {
          return literalBrackets(items.get(0));
        }
        if (share.signum() <= 0) {
          return literalBrackets(items.get(1));
        }
        n = share.stripTrailingZeros().toPlainString();
      } else {
        n = Long.toString(Math.max(0, (long) Double.parseDouble(c.when())));
      }
      return "<fromto[" + n + "]:" + items.get(0) + "||" + items.get(1) + ">";
    }

    private @Nullable String lose(String written, A1111Schedule.Construct c, String why) {
      String what = "used the text A1111 uses at the last of " + readSteps + " steps: '" + c.lastStepText() + "'";
      String construct = "A1111 prompt editing or alternation " + written;
      if (strict) {
        throw new InvalidRequestException("SwarmUI cannot run " + construct + ": " + why
            + " (refused because strict; without strict: " + what + ")");
      }
      warnings.add(construct + ": " + why + "; " + what);
      return null;
    }
  }
}
