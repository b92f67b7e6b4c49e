/**
 * The {@code darkroom} command line: {@code generate}, {@code models}, {@code inspect}, {@code history},
 * {@code rerun} and {@code cost}, built on picocli. {@link
 * dev.darkroom.cli.DarkroomCli#newCommandLine(Environment)} builds the command tree for an {@link
 * dev.darkroom.cli.Environment} so tests can run it in-process; {@link
 * dev.darkroom.cli.Main} is the only place that touches the real process (environment, exit).
 */
@NullMarked
package dev.darkroom.cli;

import org.jspecify.annotations.NullMarked;
