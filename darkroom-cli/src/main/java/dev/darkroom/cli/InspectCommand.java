package dev.darkroom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.darkroom.Provenance;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom inspect}: shows how an image was made, from the provenance Darkroom embedded in it. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Shows the provenance Darkroom embedded in images: prompt, model, parameters, inputs, cost.")
final class InspectCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "PNG, JPEG or WebP files saved by Darkroom.")
  List<String> files = new ArrayList<>();

  @Option(names = "--json", description = "Print the embedded JSON (an array when several files are given).")
  boolean json;

  InspectCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    List<JsonNode> records = new ArrayList<>();
    for (String file : files) {
      Path path = env.resolve(file);
      if (!Files.exists(path)) {
        throw CliException.usage("file " + file + " does not exist");
      }
      Provenance p = Provenance.read(path)
          .orElseThrow(() -> new CliException(ExitCodes.OTHER, "NO_PROVENANCE", "no Darkroom provenance in " + file));
      records.add(Json.MAPPER.readTree(p.json()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      if (records.size() == 1) {
        Json.print(out, records.get(0));
      } else {
        ArrayNode array = Json.MAPPER.createArrayNode();
        records.forEach(array::add);
        Json.print(out, array);
      }
      return ExitCodes.OK;
    }
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.println();
      }
      ProvenanceText.print(out, files.get(i), records.get(i));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
