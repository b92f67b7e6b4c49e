package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.darkroom.ModelCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom models}: the model table, with capabilities, lifecycle and prices. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the models Darkroom knows: capabilities, lifecycle and price per image.")
final class ModelsCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Mixin ModelTableOptions modelTable;

  @Option(names = "--json", description = "Print every field of every model as a JSON array.")
  boolean json;

  ModelsCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    if (json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      catalog.models().forEach(m -> array.add(ModelJson.of(m, m.id().equals(catalog.defaultModel()))));
      Json.print(spec.commandLine().getOut(), array);
    } else {
      ModelTable.print(spec.commandLine().getOut(), catalog);
    }
    return ExitCodes.OK;
  }
}
