package dev.darkroom.cli;

/** A command that can print its results, and its failures, as JSON on standard output. */
interface JsonReporting {
  /** Whether {@code --json} was given. */
  boolean jsonRequested();
}
