package dev.darkroom.cli;

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
    CommandLine cli = new CommandLine(new DarkroomCommand());
    cli.addSubcommand(new GenerateCommand(env));
    cli.addSubcommand(new ModelsCommand(env));
    cli.addSubcommand(new InspectCommand(env));
    cli.addSubcommand(new CompositeCommand(env));
    cli.addSubcommand(new CommandLine(new HistoryCommand(env)).addSubcommand(new HistoryShowCommand(env)));
    cli.addSubcommand(new RerunCommand(env));
    cli.addSubcommand(new CostCommand(env));
    // compare takes -a, --seed … itself and also inside --shared "-a 16:9": let option values look like options.
    cli.addSubcommand(new CommandLine(new CompareCommand(env)).setAllowOptionsAsOptionParameters(true));
    cli.addSubcommand(new GalleryCommand(env));
    cli.addSubcommand(new GridCommand(env));
    cli.addSubcommand(new BatchCommand(env));
    cli.addSubcommand(new PromptCommand());
    cli.addSubcommand(new CommandLine(new EditCommand(env))
        .addSubcommand(new EditStartCommand(env))
        .addSubcommand(new EditResumeCommand(env))
        .addSubcommand(new EditShowCommand(env))
        .addSubcommand(new EditBranchCommand(env)));
    cli.addSubcommand(new IterateCommand(env));
    cli.addSubcommand(new StudioCommand(env));
    cli.addSubcommand(new CommandLine(new DatasetCommand()).addSubcommand(new DatasetExportCommand(env)));
    cli.setExecutionExceptionHandler(new ExecutionErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    addExitCodeHelp(cli);
    // Our options read @FILE themselves, verbatim; picocli's argument files would split a file into words.
    cli.setExpandAtFiles(false);
    return cli;
  }

  private static void addExitCodeHelp(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    cli.getSubcommands().values().forEach(DarkroomCli::addExitCodeHelp);
  }
}
