package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.studio.Gallery;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom gallery}: a static HTML gallery of recorded generations. */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Writes a static, self-contained HTML gallery of recorded generations: thumbnails opening the full image,"
          + " prompt, model, parameters, cost, date and status, filters by model and status, and the total spend.",
      "Open DIR/index.html in a browser; no server is needed.",
      "Example: darkroom gallery --since today -o gallery",
      "Example: darkroom gallery --run RUN_ID -o review --copy-images --json",
    })
final class GalleryCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true, description = "The gallery folder (created; its index.html is replaced).")
  String directory = "";

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only generations from then on: today, 2026-11-01, 2026-11-01T10:00, or an age such as 12h or 7d.")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Only generations before then (a date includes that day).")
  @Nullable String until;

  @Option(names = "--run", paramLabel = "RUN", description = "Only this run.")
  @Nullable String run;

  @Option(names = "--search", paramLabel = "TEXT", description = "Only prompts containing all these words.")
  @Nullable String search;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Only this model.")
  @Nullable String model;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only this status: succeeded, blocked, no_image, failed, interrupted.")
  @Nullable String status;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "1000", description = "At most N generations, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--copy-images", description = "Copy the full images into DIR/images/ instead of linking to them where they are.")
  boolean copyImages;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Darkroom gallery", description = "Page title (default: ${DEFAULT-VALUE}).")
  String title = "Darkroom gallery";

  @Mixin HomeOptions home;

  @Option(names = "--json", description = "Print one JSON object on standard output instead of text: the index page,"
      + " the number of generations and images, the total spend and any warnings.")
  boolean json;

  GalleryCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw CliException.usage("invalid --limit " + limit + "; allowed: 1 to " + HistoryQuery.MAX_LIMIT);
    }
    HistoryQuery.Builder q = HistoryQuery.builder()
        .since(since == null ? null : TimeArguments.since(since, "--since", env.clock()))
        .until(until == null ? null : TimeArguments.until(until, "--until", env.clock()))
        .runId(run).search(search).model(model)
        .status(status == null ? null : StatusNames.parse(status)).limit(limit);
    HistoryQuery query;
    try {
      query = q.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--since " + since + " is after --until " + until);
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<History> existing = home.openExisting(env);
    if (existing.isEmpty()) {
      if (json) {
        ObjectNode root = Json.object();
        root.putNull("index");
        root.putNull("directory");
        root.put("generations", 0);
        root.put("images", 0);
        root.put("totalCostUsd", Json.usd(BigDecimal.ZERO));
        root.putArray("warnings").add(home.noHistoryYet(env));
        Json.print(out, root);
      } else {
        out.println(home.noHistoryYet(env));
        out.flush();
      }
      return ExitCodes.OK;
    }
    try (History history = existing.get()) {
      Gallery.Result r = Gallery.builder().history(history).query(query).directory(env.resolve(directory))
          .copyImages(copyImages).title(title).zone(env.clock().getZone()).build().write();
      if (json) {
        Json.print(out, StudioJson.gallery(r));
        return ExitCodes.OK;
      }
      PrintWriter err = spec.commandLine().getErr();
      r.warnings().forEach(w -> err.println("darkroom: warning: " + w));
      err.flush();
      out.println("gallery: " + env.display(r.index()));
      out.println(r.generations() + " generations, " + r.images() + " images, total spend $"
          + r.totalCostUsd().setScale(4, RoundingMode.HALF_UP).toPlainString());
      out.flush();
    }
    return ExitCodes.OK;
  }
}
