package dev.darkroom.prompt;

import dev.darkroom.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects what a renderer cannot express, or refuses at the first loss when strict. */
final class Losses {
  private final PromptSyntax target;
  private final boolean strict;
  private final LinkedHashSet<String> warnings = new LinkedHashSet<>();

  Losses(PromptSyntax target, boolean strict) {
    this.target = target;
    this.strict = strict;
  }

  /**
   * Records a loss.
   *
   * @param construct what could not be expressed, e.g. {@code BREAK} or {@code weight 1.5 on 'cat'}
   * @param what what was done instead
   */
  void lose(String construct, String what) {
    if (strict) {
      throw new InvalidRequestException(target.id() + " cannot express " + construct
          + " (refused because strict; without strict: " + what + ")");
    }
    warnings.add(construct + ": " + what);
  }

  List<String> warnings() {
    return new ArrayList<>(warnings);
  }
}
