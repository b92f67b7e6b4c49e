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

  @Option(names = "--long", description = "Every column: each size's price, aspect ratios, reference-image limit and"
      + " features (wider than 100 columns).")
  boolean longTable;

  @Option(names = "--provider", paramLabel = "PROVIDER",
      description = "Only this provider's models; for a local engine, what the engine itself offers (checkpoints,"
          + " LoRAs, embeddings, samplers...), read from it.")
  @Nullable String provider;

  @Option(names = "--check",
      description = "Ask each configured provider (or only --provider) for its live model list and report ids our"
          + " table does not know, table entries no longer listed, and entries whose prices are not confirmed."
          + " Providers without credentials are skipped with a note. Exit code 0 whatever is found.")
  boolean check;

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
    if (check) {
      return check(catalog);
    }
    if (provider != null) {
      return listProvider(catalog, provider.trim().toLowerCase(java.util.Locale.ROOT));
    }
    if (json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      catalog.models().forEach(m -> array.add(ModelJson.of(m, m.id().equals(catalog.defaultModel()))));
      Json.print(spec.commandLine().getOut(), array);
    } else if (longTable) {
      ModelTable.print(spec.commandLine().getOut(), catalog);
    } else {
      ModelTable.printShort(spec.commandLine().getOut(), catalog, TerminalWidth.of(env));
    }
    return ExitCodes.OK;
  }

  /**
   * Every installed provider's live list (or only {@code --provider}'s) against the table. Connection flags
   * apply to {@code --provider}, else to the default model's provider.
   */
  private int check(ModelCatalog catalog) {
    java.util.Map<String, dev.darkroom.spi.ImageProvider> all = dev.darkroom.spi.Providers.all();
    java.util.List<String> ids;
    if (provider != null) {
      String id = provider.trim().toLowerCase(java.util.Locale.ROOT);
      if (!all.containsKey(id)) {
        throw CliException.usage("unknown provider '" + id + "'; installed: " + String.join(", ", all.keySet()));
      }
      ids = java.util.List.of(id);
    } else {
      ids = all.keySet().stream().sorted().toList();
    }
    String flagsFor = provider != null ? ids.get(0) : catalog.find(catalog.defaultModel())
        .map(dev.darkroom.ModelInfo::provider).orElse(ids.isEmpty() ? "none" : ids.get(0));
    java.time.LocalDate today = java.time.LocalDate.now(env.clock());
    java.util.List<ModelCheck> checks = new java.util.ArrayList<>();
    try (dev.darkroom.Darkroom client = ClientFactory.create(env, connection, catalog,
        dev.darkroom.GenerationListener.NONE, 0, dev.darkroom.GenerationRecorder.NONE, flagsFor)) {
      for (String id : ids) {
        checks.add(ModelCheck.run(client, all.get(id), catalog, today));
      }
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = Json.object();
      n.put("checkedOn", today.toString());
      ArrayNode array = n.putArray("providers");
      checks.forEach(c -> array.add(c.toJson()));
      Json.print(out, n);
      return ExitCodes.OK;
    }
    for (int i = 0; i < checks.size(); i++) {
      if (i > 0) {
        out.println();
      }
      checks.get(i).print(out);
    }
    out.flush();
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
