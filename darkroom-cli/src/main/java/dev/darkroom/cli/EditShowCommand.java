package dev.darkroom.cli;

import dev.darkroom.EditTurn;
import dev.darkroom.history.StoredSession;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code darkroom edit show SESSION}: the tree of a session's turns. Sends nothing. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prints a session's turns as a tree: each turn under the one it continued.")
final class EditShowCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session id.")
  String session = "";

  @Mixin HomeOptions home;

  EditShowCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    var history = home.openExisting(env).orElseThrow(() -> CliException.usage(home.noHistoryYet(env)));
    try (history) {
      StoredSession s = history.session(session).orElseThrow(
          () -> CliException.usage("no editing session '" + session + "' in " + history.file()));
      BigDecimal total = s.turns().stream().map(EditTurn::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
      out.println("session " + s.id() + "  " + s.model() + "  " + s.mode().toLowerCase(java.util.Locale.ROOT) + "  "
          + Formats.count(s.turns().size(), "turn") + "  " + Formats.usd4(total) + "  " + env.display(s.directory()));
      printTree(out, s.turns(), 0);
      return ExitCodes.OK;
    }
  }

  /**
   * Prints {@code turns} as a tree, each turn under the one it continued, and flushes; the turn
   * {@code head} (0 for none) is marked {@code <- head}.
   */
  static void printTree(PrintWriter out, List<EditTurn> turns, int head) {
    Map<Integer, List<EditTurn>> children = new LinkedHashMap<>();
    List<EditTurn> roots = new ArrayList<>();
    for (EditTurn t : turns) {
      if (t.parentId().isPresent()) {
        children.computeIfAbsent(t.parentId().get(), k -> new ArrayList<>()).add(t);
      } else {
        roots.add(t);
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      print(out, roots.get(i), "", i == roots.size() - 1, children, true, head);
    }
    out.flush();
  }

  private static void print(PrintWriter out, EditTurn t, String indent, boolean last,
      Map<Integer, List<EditTurn>> children, boolean root, int head) {
    String branch = root ? "" : last ? "`- " : "|- ";
    out.println(indent + branch + t.id() + "  \"" + Formats.firstLine(t.instruction(), 60) + "\"  "
        + t.image().getFileName() + "  " + Formats.usd4(t.costUsd()) + (t.id() == head ? "  <- head" : ""));
    List<EditTurn> kids = children.getOrDefault(t.id(), List.of());
    String next = root ? "" : indent + (last ? "   " : "|  ");
    for (int i = 0; i < kids.size(); i++) {
      print(out, kids.get(i), next, i == kids.size() - 1, children, false, head);
    }
  }
}
