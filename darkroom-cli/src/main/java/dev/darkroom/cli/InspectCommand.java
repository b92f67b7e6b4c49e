package dev.darkroom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.darkroom.internal.image.ProvenanceCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darkroom inspect}: shows how images were made, from the provenance Darkroom embedded in
 * them. Every file given is inspected; a comparison sheet shows the provenance of each of its panels.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows the provenance Darkroom embedded in images: prompt, model, parameters, inputs, cost.",
      "Comparison sheets show every panel's. Every file given is inspected.",
      "Exit code: 0 when every file had provenance, 1 when some had none, 2 when some could not be read.",
    })
final class InspectCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "PNG, JPEG or WebP files saved by Darkroom.")
  List<String> files = new ArrayList<>();

  @Option(names = "--json", description = "Print the embedded JSON (a comparison sheet's is an array of panels);"
      + " with several files, an array with one entry per file, null for a file without provenance.")
  boolean json;

  InspectCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<@Nullable JsonNode> records = new ArrayList<>();
    int exit = ExitCodes.OK;
    for (String file : files) {
      JsonNode record = null;
      try {
        Optional<JsonNode> read = read(file);
        if (read.isEmpty()) {
          err.println("darkroom: no Darkroom provenance in " + file);
          exit = Math.max(exit, ExitCodes.OTHER);
        } else {
          record = read.get();
        }
      } catch (CliException e) {
        err.println("darkroom: " + e.getMessage());
        exit = ExitCodes.USAGE;
      }
      records.add(record);
      if (record != null && !json) {
        if (records.stream().filter(r -> r != null).count() > 1) {
          out.println();
        }
        print(out, file, record);
      }
    }
    err.flush();
    if (json) {
      if (records.size() == 1) {
        if (records.get(0) != null) {
          Json.print(out, records.get(0));
        }
      } else {
        ArrayNode array = Json.MAPPER.createArrayNode();
        records.forEach(r -> array.add(r == null ? Json.MAPPER.nullNode() : r));
        Json.print(out, array);
      }
    }
    out.flush();
    return exit;
  }

  /** The file's provenance: an object for an image, an array of panels for a comparison sheet. */
  private Optional<JsonNode> read(String file) {
    Path path = env.resolve(file);
    if (!Files.exists(path)) {
      throw CliException.usage("file " + file + " does not exist");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
    Optional<String> text;
    try {
      text = ProvenanceCodec.readProvenanceJson(bytes);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(file + ": " + e.getMessage());
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text.get());
      return node.isObject() || node.isArray() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      throw CliException.usage(file + ": its embedded provenance is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void print(PrintWriter out, String file, JsonNode record) {
    if (record.isObject()) {
      ProvenanceText.print(out, file, record);
      return;
    }
    out.println(file + ": comparison sheet, " + Formats.count(record.size(), "panel"));
    for (JsonNode panel : record) {
      out.println();
      String where = file + ", panel " + panel.path("label").asText() + " (row " + panel.path("row").asInt()
          + ", column " + panel.path("column").asInt() + ")";
      JsonNode p = panel.path("provenance");
      if (p.isObject()) {
        ProvenanceText.print(out, where, p);
      } else {
        ProvenanceText.line(out, "file", where);
        ProvenanceText.line(out, "model", panel.path("model").asText());
        ProvenanceText.line(out, "prompt", panel.path("prompt").asText());
        JsonNode failure = panel.path("failure");
        ProvenanceText.line(out, "image", failure.isObject()
            ? "none (" + failure.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + ": "
                + Failure.oneLine(failure.path("reason").asText()) + ")"
            : "none");
      }
    }
  }
}
