package dev.darkroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The outcome of one in-process {@code darkroom} run: exit code and everything printed. */
record CliRun(int exitCode, String out, String err) {

  /** Both streams, for assertion failure messages. */
  String describe() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
  }

  JsonNode json() {
    try {
      return Json.MAPPER.readTree(out);
    } catch (IOException e) {
      throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\n" + describe(), e);
    }
  }
}
