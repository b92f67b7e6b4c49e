package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.ModelCatalog;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

  @Option(names = "--provider", paramLabel = "PROVIDER",
      description = "Only this provider's models; for a local engine, what the engine itself offers (checkpoints,"
          + " LoRAs, embeddings, samplers...), read from it.")
  @Nullable String provider;

  @Mixin ConnectionOptions connection;

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
    if (provider != null) {
      return listProvider(catalog, provider.trim().toLowerCase(java.util.Locale.ROOT));
    }
    if (json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      catalog.models().forEach(m -> array.add(ModelJson.of(m, m.id().equals(catalog.defaultModel()))));
      Json.print(spec.commandLine().getOut(), array);
    } else {
      ModelTable.print(spec.commandLine().getOut(), catalog);
    }
    return ExitCodes.OK;
  }

  /** The provider's table models, then what its engine reports (for providers that discover models). */
  private int listProvider(ModelCatalog catalog, String id) {
    if (!dev.darkroom.spi.Providers.all().containsKey(id)) {
      throw CliException.usage("unknown provider '" + id + "'; installed: "
          + String.join(", ", dev.darkroom.spi.Providers.all().keySet()));
    }
    java.util.List<dev.darkroom.ModelInfo> models = catalog.models().stream().filter(m -> m.provider().equals(id)).toList();
    java.util.Map<String, java.util.List<String>> inventory;
    try (dev.darkroom.Darkroom client = ClientFactory.create(env, connection, catalog,
        dev.darkroom.GenerationListener.NONE, 0, dev.darkroom.GenerationRecorder.NONE, id)) {
      inventory = client.inventory(id);
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = Json.object();
      n.put("provider", id);
      ArrayNode array = n.putArray("models");
      models.forEach(m -> array.add(ModelJson.of(m, m.id().equals(catalog.defaultModel()))));
      n.set("engine", Json.MAPPER.valueToTree(inventory));
      Json.print(out, n);
      return ExitCodes.OK;
    }
    models.forEach(m -> out.println(m.id() + "  " + m.name()));
    inventory.forEach((kind, names) -> {
      out.println(kind + " (" + names.size() + "):");
      names.forEach(name -> out.println("  " + name));
    });
    if (models.isEmpty() && inventory.isEmpty()) {
      out.println("provider " + id + " lists no models");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
