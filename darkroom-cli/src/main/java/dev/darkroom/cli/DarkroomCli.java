package dev.darkroom.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
   * part of a one-shot command's start-up. Anything else (no arguments, an option first, a mistyped
   * name that wants suggestions) gets the whole tree.
   */
  public static CommandLine newCommandLine(Environment env, String[] args) {
    Map<String, Supplier<Object>> all = subcommands(env);
    CommandLine cli = new CommandLine(new DarkroomCommand());
    Supplier<Object> only = args.length > 0 ? all.get(args[0]) : null;
    if (only != null) {
      cli.addSubcommand(args[0], only.get());
    } else {
      all.forEach((name, sub) -> cli.addSubcommand(name, sub.get()));
    }
    cli.setExecutionExceptionHandler(new ExecutionErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    addExitCodeHelp(cli);
    // Our options read @FILE themselves, verbatim; picocli's argument files would split a file into words.
    cli.setExpandAtFiles(false);
    return cli;
  }

  /** Every subcommand by name, in the order help lists them; each built only when asked for. */
  private static Map<String, Supplier<Object>> subcommands(Environment env) {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("generate", () -> new GenerateCommand(env));
    m.put("models", () -> new ModelsCommand(env));
    m.put("inspect", () -> new InspectCommand(env));
    m.put("composite", () -> new CompositeCommand(env));
    m.put("history", () -> new CommandLine(new HistoryCommand(env)).addSubcommand(new HistoryShowCommand(env)));
    m.put("rerun", () -> new RerunCommand(env));
    m.put("cost", () -> new CostCommand(env));
    // compare takes -a, --seed … itself and also inside --shared "-a 16:9": let option values look like options.
    m.put("compare", () -> new CommandLine(new CompareCommand(env)).setAllowOptionsAsOptionParameters(true));
    m.put("gallery", () -> new GalleryCommand(env));
    m.put("grid", () -> new GridCommand(env));
    m.put("batch", () -> new BatchCommand(env));
    m.put("prompt", PromptCommand::new);
    m.put("edit", () -> new CommandLine(new EditCommand(env))
        .addSubcommand(new EditStartCommand(env))
        .addSubcommand(new EditResumeCommand(env))
        .addSubcommand(new EditShowCommand(env))
        .addSubcommand(new EditBranchCommand(env)));
    m.put("iterate", () -> new IterateCommand(env));
    return m;
  }

  private static void addExitCodeHelp(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    cli.getSubcommands().values().forEach(DarkroomCli::addExitCodeHelp);
  }
}
