package dev.darkroom.cli;

import dev.darkroom.DarkroomException;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The interactive editing loop behind {@code darkroom edit IMAGE}, {@code darkroom edit SESSION} and
 * {@code darkroom edit resume SESSION} without an instruction: one instruction per line of standard
 * input, one turn (and one saved image) per instruction, with the same progress and error lines as
 * {@code generate}.
 *
 * <p>Lines starting with {@code /} are commands: {@code /undo}, {@code /branch N}, {@code /show},
 * {@code /help}, {@code /quit}; {@code //text} sends {@code /text} as an instruction. Blank lines are
 * ignored; end of input or {@code /quit} ends the loop.
 *
 * <p>A failed turn (blocked, no image, HTTP or network error) prints the error {@code generate} would
 * print, leaves the session where it was, and the loop reads the next line; the command then exits
 * with the code of the last failed turn ({@code 0} when none failed). A mistaken command line (unknown
 * command, {@code /branch} to a turn that does not exist, {@code /undo} at the first turn) is reported
 * and the loop goes on when standard input is a terminal; when it is a pipe or a file the run stops
 * there with the usage code ({@code 2}), since the following lines were written for a head that did
 * not move. On a terminal, a one-line help is printed at the start and a prompt
 * ({@code turn 3> }) before each line, both on standard error.
 */
final class EditLoop {
  static final String COMMANDS = "/undo, /branch N, /show, /help, /quit";
  static final String HELP = "Type what to change and press Enter (one turn per line). Commands: " + COMMANDS
      + "; Ctrl-D also quits.";

  private final Environment env;
  private final CommandLine commandLine;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private @Nullable EditSession session;
  private final Function<String, EditSession> starter;

  /**
   * @param session the session to continue, or null when the first instruction starts it
   * @param starter starts the session with the first instruction (prints the session line and turn 1)
   */
  EditLoop(Environment env, CommandLine commandLine, @Nullable EditSession session,
      Function<String, EditSession> starter) {
    this.env = env;
    this.commandLine = commandLine;
    this.out = commandLine.getOut();
    this.err = commandLine.getErr();
    this.terminal = env.stdinTerminal();
    this.session = session;
    this.starter = starter;
  }

  /** A loop continuing {@code session}. */
  static EditLoop continuing(Environment env, CommandLine commandLine, EditSession session) {
    return new EditLoop(env, commandLine, session, text -> {
      throw new IllegalStateException("the session has started");
    });
  }

  /** Reads and runs lines until {@code /quit} or end of input; returns the exit code. */
  int run() {
    BufferedReader in = new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8));
    if (terminal) {
      err.println(HELP);
      err.flush();
    }
    int status = ExitCodes.OK;
    while (true) {
      if (terminal) {
        err.print(prompt());
        err.flush();
      }
      String line = readLine(in);
      if (line == null) {
        if (terminal) {
          err.println();
          err.flush();
        }
        return status;
      }
      String text = line.strip();
      if (text.isEmpty()) {
        continue;
      }
      if (text.startsWith("/") && !text.startsWith("//")) {
        if (!command(text)) {
          return status;
        }
        continue;
      }
      int code = turn(text.startsWith("//") ? text.substring(1) : text);
      if (code != ExitCodes.OK) {
        status = code;
      }
    }
  }

  /** {@code turn 4> }, or {@code turn 4 (after 2)> } when the head is not the last turn. */
  private String prompt() {
    if (session == null) {
      return "turn 1> ";
    }
    List<EditTurn> turns = session.turns();
    int head = session.head().id();
    int next = turns.size() + 1;
    return "turn " + next + (head == turns.size() ? "" : " (after " + head + ")") + "> ";
  }

  /** Sends one instruction; a failure is reported like generate's and the loop goes on. */
  private int turn(String instruction) {
    try {
      if (session == null) {
        session = starter.apply(instruction);
      } else {
        EditSupport.print(out, env, session.send(instruction));
      }
      return ExitCodes.OK;
    } catch (DarkroomException e) {
      out.flush();
      Failure failure = Failure.of(e);
      ExecutionErrorHandler.report(failure, e, commandLine, verbose());
      return failure.exitCode();
    }
  }

  /** Runs a {@code /command}; false when the loop should end. */
  private boolean command(String text) {
    String[] words = text.split("\\s+", 2);
    String name = words[0];
    String arg = words.length > 1 ? words[1].strip() : "";
    switch (name) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/help" -> {
        err.println(HELP);
        err.flush();
      }
      case "/show" -> {
        if (session == null) {
          return mistake("no turn yet: the first line you type starts the session");
        }
        List<EditTurn> turns = session.turns();
        java.math.BigDecimal total = turns.stream().map(EditTurn::costUsd)
            .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        out.println("session " + session.id() + "  " + session.template().model().id() + "  "
            + session.mode().name().toLowerCase(java.util.Locale.ROOT) + "  " + Formats.count(turns.size(), "turn")
            + "  " + Formats.usd4(total) + "  " + env.display(session.directory()));
        EditShowCommand.printTree(out, turns, session.head().id());
      }
      case "/undo" -> {
        if (session == null) {
          return mistake("no turn yet to undo");
        }
        EditSession s = session;
        EditTurn head = move(s::undo);
        if (head == null) {
          return true;
        }
        out.println("back at turn " + head.id());
      }
      case "/branch" -> {
        if (session == null) {
          return mistake("no turn yet to branch from");
        }
        Integer turn = parseTurn(arg);
        if (turn == null) {
          return mistake("/branch needs a turn number, e.g. /branch 2; got '" + arg + "'");
        }
        EditSession s = session;
        EditTurn at = move(() -> s.branch(turn));
        if (at == null) {
          return true;
        }
        out.println("at turn " + at.id() + ": the next turn continues it");
      }
      default -> {
        return mistake("unknown command '" + name + "'; the commands are " + COMMANDS
            + " (start a line with // to send it as an instruction)");
      }
    }
    out.flush();
    return true;
  }

  /** Moves the head; null (after reporting) when the move is refused. */
  private @Nullable EditTurn move(Supplier<EditTurn> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      mistake(e.getMessage());
      return null;
    }
  }

  /**
   * Reports a mistaken command line: on a terminal the loop goes on (returns true); otherwise it is
   * a usage error that ends the run.
   */
  private boolean mistake(String message) {
    if (!terminal) {
      throw CliException.usage(message);
    }
    err.println("darkroom: " + message);
    err.flush();
    return true;
  }

  private static @Nullable Integer parseTurn(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private boolean verbose() {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getParseResult() != null && ExecutionErrorHandler.verbose(root.getParseResult());
  }

  private static @Nullable String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read instructions from standard input: " + e.getMessage(), e);
    }
  }
}
