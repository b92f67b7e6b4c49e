package dev.darkroom.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Builds the {@code darkroom} command tree. */
public final class DarkroomCli {
  private DarkroomCli() {}

  /**
   * The {@code darkroom} command with its subcommands, error handlers and help, reading nothing from
   * the process except through {@code env}. Call {@link CommandLine#setOut}/{@link CommandLine#setErr}
   * to capture output, then {@link CommandLine#execute}, which returns an {@link ExitCodes exit code}.
   */
  public static CommandLine newCommandLine(Environment env) {
    return newCommandLine(env, new String[0]);
  }

  /**
   * Like {@link #newCommandLine(Environment)}, for running {@code args}: when they start with a
   * subcommand's name, only that subcommand is built. picocli reflects over every option of every
   * command it is given, so building the one a command line runs instead of all of them saves a good
   * part of a one-shot command's start-up; {@code --version} alone builds none. Anything else (no arguments, an option first, a mistyped
   * name that wants suggestions) gets the whole tree.
   */
  public static CommandLine newCommandLine(Environment env, String[] args) {
    CommandLine cli = new CommandLine(new DarkroomCommand());
    Object only = args.length > 0 ? subcommand(args[0], env) : null;
    if (only != null) {
      cli.addSubcommand(args[0], only);
    } else if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // prints one line; no subcommand is needed
    } else {
      for (String name : SUBCOMMANDS) {
        cli.addSubcommand(name, subcommand(name, env));
      }
    }
    int columns = TerminalWidth.of(env);
    if (columns > 0) {
      // Help follows the terminal (the launcher sets COLUMNS when standard output is one); picocli's own
      // detection would start a process. Very wide terminals still get readable lines.
      cli.setUsageHelpWidth(Math.max(MIN_HELP_WIDTH, Math.min(columns, MAX_HELP_WIDTH)));
    }
    cli.setExecutionExceptionHandler(new ExecutionErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    addExitCodeHelp(cli);
    // Our options read @FILE themselves, verbatim; picocli's argument files would split a file into words.
    cli.setExpandAtFiles(false);
    return cli;
  }

  /** The widest help text, in columns, however wide the terminal. */
  static final int MAX_HELP_WIDTH = 120;

  /** picocli's narrowest help width. */
  static final int MIN_HELP_WIDTH = 55;

  /** The subcommands' names, in the order help lists them. */
  private static final List<String> SUBCOMMANDS = List.of("generate", "models", "inspect", "composite", "history",
      "rerun", "cost", "compare", "gallery", "grid", "batch", "prompt", "edit", "iterate", "studio", "dataset");

  /** A new instance of the subcommand {@code name} (a command object or a {@link CommandLine}), or null. */
  private static @Nullable Object subcommand(String name, Environment env) {
    return switch (name) {
      case "generate" -> new GenerateCommand(env);
      case "models" -> new ModelsCommand(env);
      case "inspect" -> new InspectCommand(env);
      case "composite" -> new CompositeCommand(env);
      case "history" -> new CommandLine(new HistoryCommand(env)).addSubcommand(new HistoryShowCommand(env));
      case "rerun" -> new RerunCommand(env);
      case "cost" -> new CostCommand(env);
      // compare takes -a, --seed … itself and also inside --shared "-a 16:9": let option values look like options.
      case "compare" -> new CommandLine(new CompareCommand(env)).setAllowOptionsAsOptionParameters(true);
      case "gallery" -> new GalleryCommand(env);
      case "grid" -> new GridCommand(env);
      case "batch" -> new BatchCommand(env);
      case "prompt" -> new PromptCommand();
      case "edit" -> new CommandLine(new EditCommand(env))
          .addSubcommand(new EditStartCommand(env))
          .addSubcommand(new EditResumeCommand(env))
          .addSubcommand(new EditShowCommand(env))
          .addSubcommand(new EditBranchCommand(env));
      case "iterate" -> new IterateCommand(env);
      case "studio" -> new StudioCommand(env);
      case "dataset" -> new CommandLine(new DatasetCommand()).addSubcommand(new DatasetExportCommand(env));
      default -> null;
    };
  }

  private static void addExitCodeHelp(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    cli.getSubcommands().values().forEach(DarkroomCli::addExitCodeHelp);
  }
}
