package dev.darkroom.cli;

import dev.darkroom.Grid;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.History;
import dev.darkroom.prompt.PromptConversion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom generate}: makes images from a prompt and reference images, and saves them. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Generates images from a prompt and/or reference images and saves them with their provenance.",
      "Example: darkroom generate \"a red fox in fresh snow\" -a 16:9 -o fox.jpg",
      "Every call is recorded in the history (see 'darkroom history') unless --no-history is given.",
    })
final class GenerateCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "PROMPT", description = "The prompt, as written (or use --prompt-file); '-' or piping it with no PROMPT reads standard input.")
  @Nullable String prompt;

  @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the prompt from a (Markdown) file; '-' reads standard input.")
  @Nullable String promptFile;

  @Option(names = {"-i", "--image"}, paramLabel = "IMAGE",
      description = "Reference image: a file, a glob (*, ?, [..], **) or an http(s) URL. Repeatable.")
  List<String> images = new ArrayList<>();

  @Option(names = "--var", paramLabel = "KEY=VALUE",
      description = "Fill {KEY} in the prompt and system prompt; KEY=@FILE uses the file's text. Repeatable."
          + " Without --var, braces are never touched.")
  List<String> vars = new ArrayList<>();

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model id (default: $DARKROOM_MODEL, else the table's default; see 'darkroom models').")
  @Nullable String model;

  @Option(names = "--provider", paramLabel = "PROVIDER",
      description = "A provider id (see 'darkroom models'); must agree with --model, or picks the provider's first current model.")
  @Nullable String provider;

  @Option(names = {"-a", "--aspect-ratio"}, paramLabel = "W:H", description = "Aspect ratio, e.g. 16:9 (default: the model chooses).")
  @Nullable String aspectRatio;

  @Option(names = {"-s", "--image-size"}, paramLabel = "SIZE", description = "512, 1K, 2K or 4K, as the model allows"
      + " (OpenAI models: mapped with -a to the closest pixel size; a WxH value there is the pixel size).")
  @Nullable String imageSize;

  @Option(names = "--size", paramLabel = "WxH|auto", description = "Pixel size for OpenAI models, e.g. 1536x1024 or auto.")
  @Nullable String size;

  @Option(names = "--quality", paramLabel = "QUALITY", description = "OpenAI models: low, medium, high, auto (some: xhigh, max).")
  @Nullable String quality;

  @Option(names = "--background", paramLabel = "BACKGROUND", description = "OpenAI models: transparent, opaque or auto.")
  @Nullable String background;

  @Option(names = "--output-format", paramLabel = "FORMAT", description = "OpenAI models: the format the provider encodes, png, jpeg or webp.")
  @Nullable String outputFormat;

  @Option(names = "--output-compression", paramLabel = "0-100", description = "OpenAI models: compression of jpeg or webp output.")
  @Nullable Integer outputCompression;

  @Option(names = "--moderation", paramLabel = "LEVEL", description = "OpenAI models: low or auto.")
  @Nullable String moderation;

  @Option(names = "--mask", paramLabel = "FILE", description = "OpenAI edits: a PNG with alpha, the size of the first -i image; transparent pixels are redrawn.")
  @Nullable String mask;

  @Option(names = "--partial-images", paramLabel = "N", defaultValue = "0", description = "OpenAI models: stream N (1-3) partial images per image as progress.")
  int partialImages;

  @Option(names = "--save-partials", description = "Save the streamed partial images too (-partial-N).")
  boolean savePartials;

  @Option(names = "--system-prompt", paramLabel = "TEXT|@FILE", description = "System instruction, or @FILE to read it from a file.")
  @Nullable String systemPrompt;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1", description = "Number of images, made in parallel calls (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0.0 to 2.0.")
  @Nullable Double temperature;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for reproducibility, 0 to 2^64-1 as the model allows.")
  @Nullable String seed;

  @Option(names = "--thinking", paramLabel = "LEVEL", description = "Thinking level: minimal, low, medium or high, as the model allows.")
  @Nullable String thinking;

  @Option(names = "--show-thoughts", description = "Stream the model's thoughts to standard error and save its interim images (-thought-N).")
  boolean showThoughts;

  @Option(names = "--search", description = "Ground the image in Google Search results.")
  boolean search;

  @Option(names = "--safety", paramLabel = "CATEGORY=THRESHOLD", description = "Safety filter, e.g. dangerous_content=block_only_high. Repeatable.")
  List<String> safety = new ArrayList<>();

  @Option(names = "--image-only", description = "Ask for images only, no text.")
  boolean imageOnly;

  @Option(names = "--negative", paramLabel = "TEXT|@FILE", description = "Local engines: the negative prompt, or @FILE to read it.")
  @Nullable String negative;

  @Option(names = "--lora", paramLabel = "NAME[:WEIGHT[:CLIP_WEIGHT]]",
      description = "Local engines: apply a LoRA (weights default to 1.0; CLIP weight to the model weight). Repeatable.")
  List<String> loras = new ArrayList<>();

  @Option(names = "--refiner", paramLabel = "CHECKPOINT", description = "Local engines: the refiner checkpoint (SDXL base + refiner).")
  @Nullable String refiner;

  @Option(names = "--refiner-switch", paramLabel = "0..1", description = "Local engines: share of the steps the base model does before the refiner takes over (default 0.8).")
  @Nullable Double refinerSwitch;

  @Option(names = "--steps", paramLabel = "N", description = "Local engines: sampler steps.")
  @Nullable Integer steps;

  @Option(names = "--cfg", paramLabel = "SCALE", description = "Local engines: classifier-free guidance scale.")
  @Nullable Double cfg;

  @Option(names = "--sampler", paramLabel = "NAME", description = "Local engines: sampler, e.g. euler, dpmpp_2m (see 'darkroom models --provider').")
  @Nullable String sampler;

  @Option(names = "--scheduler", paramLabel = "NAME", description = "Local engines: scheduler, e.g. normal, karras.")
  @Nullable String scheduler;

  @Option(names = "--denoise", paramLabel = "0..1", description = "Local engines, img2img: how much of the -i image is redrawn.")
  @Nullable Double denoise;

  @Option(names = "--workflow", paramLabel = "FILE", description = "ComfyUI: your own API-format workflow; Darkroom fills its prompt, negative, seed and size inputs.")
  @Nullable String workflow;

  @Mixin PromptSyntaxOptions promptSyntax;

  @Option(names = {"-O", "--option"}, paramLabel = "NAME=VALUE",
      description = "Any option of the model's provider by name (see its documentation), e.g. -O quality=high. Repeatable.")
  List<String> providerOptions = new ArrayList<>();

  @Option(names = "--grid", paramLabel = "RxC", description = "Slice each image into a ROWSxCOLS grid of cells, e.g. 2x2.")
  @Nullable String grid;

  @Option(names = "--no-grid-original", description = "With --grid, save only the cells, not the whole image.")
  boolean noGridOriginal;

  @Option(names = "--grid-fallback", paramLabel = "even|whole", defaultValue = "even",
      description = "With --grid, when no gutters are found: cut even cells (default) or keep the image whole; both warn.")
  String gridFallback = "even";

  @Mixin OutputOptions output;

  @Mixin InputSizeOptions inputSize;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HistoryOptions history;

  @Mixin TimingOptions timings;

  @Option(names = "--json", description = "Print one JSON object on standard output instead of text.")
  boolean json;

  @Option(names = "--dry-run", description = "Print the request and its estimated cost; send nothing (no API key needed).")
  boolean dryRun;

  GenerateCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    connection.refuseSharedStdin(stdinReaders());
    PhaseTimer timer = timings.start();
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    timer.mark(PhaseTimer.CATALOG);
    ImageRequest request = buildRequest(catalog);
    GenerationExecution execution = new GenerationExecution(env, spec.commandLine(), connection, catalog,
        inputSize.maxSide(), json).timed(timer);
    SaveOptions save = output.toSaveOptions(env)
        .saveThoughtImages(showThoughts)
        .saveGridOriginal(!noGridOriginal)
        .savePartialImages(savePartials)
        .gridFallback(gridFallback())
        .build();
    save.check(request);
    if (dryRun) {
      return execution.dryRun(request);
    }
    timer.mark(PhaseTimer.REQUEST);
    try (History recording = history.openForRecording(env, connection.timeoutSeconds)) {
      timer.mark(PhaseTimer.HISTORY_OPEN);
      return execution.generate(request, save, showThoughts, recording, null);
    }
  }

  private SaveOptions.GridFallback gridFallback() {
    return switch (gridFallback.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "even" -> SaveOptions.GridFallback.EVEN;
      case "whole" -> SaveOptions.GridFallback.WHOLE;
      default -> throw CliException.usage("invalid --grid-fallback '" + gridFallback + "'; allowed: even, whole");
    };
  }

  private ImageRequest buildRequest(ModelCatalog catalog) {
    Map<String, String> variables = TemplateVariables.parse(vars, env);
    String promptText = promptText();
    String system = systemPrompt == null ? null : TextFiles.textOrFile(env, systemPrompt, "system prompt file");
    if (!variables.isEmpty()) {
      Set<String> used = new HashSet<>();
      promptText = promptText == null ? null : PromptTemplate.fill(promptText, variables, used, "the prompt");
      system = system == null ? null : PromptTemplate.fill(system, variables, used, "the system prompt");
      PromptTemplate.requireAllUsed(variables, used);
    } else {
      PrintWriter err = spec.commandLine().getErr();
      if (promptText != null) {
        PromptTemplate.warnUnfilled(promptText, "the prompt", err);
      }
      if (system != null) {
        PromptTemplate.warnUnfilled(system, "the system prompt", err);
      }
    }
    if (savePartials && partialImages == 0) {
      throw CliException.usage("--save-partials needs --partial-images N");
    }
    String modelId = modelFor(catalog);
    String negativeText = negative == null ? null : TextFiles.textOrFile(env, negative, "negative prompt file");
    List<String> loraSpecs = new ArrayList<>(loras);
    List<Map<String, Object>> promptStages = List.of();
    List<Map<String, Object>> negativeStages = List.of();
    if (promptSyntax.given() && promptText != null) {
      PromptConversion.Result converted = promptSyntax.convert(
          promptSyntax.forModel(catalog, modelId, steps, workflow != null), promptText, negativeText,
          spec.commandLine().getErr());
      promptText = converted.prompt();
      negativeText = converted.negative();
      loraSpecs.addAll(converted.loraSpecs());
      promptStages = converted.promptStages();
      negativeStages = converted.negativeStages();
    }
    ImageRequest.Builder b = ImageRequest.builder(catalog)
        .model(modelId)
        .prompt(promptText)
        .images(ImageArguments.resolve(images, env))
        .aspectRatio(aspectRatio)
        .imageSize(imageSize)
        .count(count)
        .seed(Seeds.parse(seed))
        .grid(grid == null ? null : Grid.parse(grid))
        .size(size)
        .mask(mask == null ? null : ImageInput.of(env.resolve(mask)));
    providerFlags(system, negativeText, loraSpecs)
        .put(PromptConversion.PROMPT_STAGES, promptStages)
        .put(PromptConversion.NEGATIVE_STAGES, negativeStages)
        .applyTo(b, catalog, modelId);
    inputSize.maxSide(); // a bad --max-input-side is reported before the request's own checks
    return b.build();
  }

  /** The provider options given by flags, by option name. */
  private ProviderFlags providerFlags(@Nullable String system, @Nullable String negativeText, List<String> loraSpecs) {
    return new ProviderFlags()
        .put("systemPrompt", system)
        .put("temperature", temperature)
        .put("thinkingLevel", thinking)
        .put("includeThoughts", showThoughts)
        .put("googleSearch", search)
        .put("safetySettings", List.copyOf(safety))
        .put("imageOnly", imageOnly)
        .put("quality", quality)
        .put("background", background)
        .put("outputFormat", outputFormat)
        .put("outputCompression", outputCompression)
        .put("moderation", moderation)
        .put("partialImages", partialImages == 0 ? null : partialImages)
        .put("negativePrompt", negativeText)
        .put("loras", List.copyOf(loraSpecs))
        .put("refiner", refiner)
        .put("refinerSwitch", refinerSwitch)
        .put("steps", steps)
        .put("cfg", cfg)
        .put("sampler", sampler)
        .put("scheduler", scheduler)
        .put("denoise", denoise)
        .put("workflow", workflow == null ? null : env.resolve(workflow).toString())
        .putAll(providerOptions);
  }

  /** The options a {@code compare --variant} may give, by their longest name. */
  static final List<String> VARIANT_OPTIONS = List.of("--model", "--aspect-ratio", "--image-size", "--seed",
      "--temperature", "--system-prompt", "--thinking", "--search", "--image", "--image-only", "--safety", "--option",
      "--negative", "--lora", "--refiner", "--refiner-switch", "--steps", "--cfg", "--sampler", "--scheduler", "--denoise");

  /**
   * Parses a {@code compare --variant} flag string with this command's own option definitions and
   * returns the change it makes to a request: only the options given are applied; a positional
   * argument replaces the prompt; {@code --system-prompt ''} removes the system prompt.
   *
   * @throws CliException (usage) for a bad flag or one that cannot vary in a comparison
   */
  static java.util.function.Consumer<ImageRequest.Builder> variant(Environment env, ModelCatalog catalog, String label,
      List<String> args) {
    GenerateCommand g = new GenerateCommand(env);
    picocli.CommandLine.ParseResult parsed;
    try {
      parsed = new picocli.CommandLine(g).setExpandAtFiles(false).parseArgs(args.toArray(String[]::new));
    } catch (picocli.CommandLine.ParameterException e) {
      throw CliException.usage("--variant " + label + ": " + e.getMessage());
    }
    for (picocli.CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
      if (!VARIANT_OPTIONS.contains(o.longestName())) {
        throw CliException.usage("--variant " + label + ": " + o.longestName() + " cannot vary in a comparison;"
            + " allowed: " + String.join(", ", VARIANT_OPTIONS) + " and a prompt");
      }
    }
    String system = g.systemPrompt == null || g.systemPrompt.isEmpty() ? null
        : TextFiles.textOrFile(env, g.systemPrompt, "system prompt file");
    List<dev.darkroom.ImageInput> extra = g.images.isEmpty() ? List.of() : ImageArguments.resolve(g.images, env);
    ProviderFlags flags = new ProviderFlags()
        .put("systemPrompt", system)
        .put("temperature", g.temperature)
        .put("thinkingLevel", g.thinking)
        .put("googleSearch", g.search)
        .put("imageOnly", g.imageOnly)
        .put("safetySettings", List.copyOf(g.safety))
        .put("negativePrompt", g.negative == null ? null : TextFiles.textOrFile(env, g.negative, "negative prompt file"))
        .put("loras", List.copyOf(g.loras))
        .put("refiner", g.refiner)
        .put("refinerSwitch", g.refinerSwitch)
        .put("steps", g.steps)
        .put("cfg", g.cfg)
        .put("sampler", g.sampler)
        .put("scheduler", g.scheduler)
        .put("denoise", g.denoise)
        .putAll(g.providerOptions);
    Long variantSeed = Seeds.parse(g.seed);
    return b -> {
      if (g.prompt != null) {
        b.prompt(g.prompt);
      }
      if (parsed.hasMatchedOption("--model")) {
        b.model(g.model);
      }
      if (parsed.hasMatchedOption("--aspect-ratio")) {
        b.aspectRatio(g.aspectRatio);
      }
      if (parsed.hasMatchedOption("--image-size")) {
        b.imageSize(g.imageSize);
      }
      if (parsed.hasMatchedOption("--seed")) {
        b.seed(variantSeed);
      }
      extra.forEach(b::addImage);
      flags.mergeInto(b, catalog);
    };
  }

  /** The model: {@code -m}, checked against {@code --provider}; or the provider's first current model. */
  private @Nullable String modelFor(ModelCatalog catalog) {
    if (provider == null) {
      return model;
    }
    String p = provider.trim().toLowerCase(java.util.Locale.ROOT);
    List<String> current = catalog.currentIds(p);
    if (current.isEmpty()) {
      if (!dev.darkroom.spi.Providers.all().containsKey(p)) {
        throw CliException.usage("unknown provider '" + provider + "'; installed: "
            + String.join(", ", dev.darkroom.spi.Providers.all().keySet()));
      }
      if (model == null) {
        throw CliException.usage("provider " + p + " has no models in the model table; give -m " + p
            + ":NAME (see 'darkroom models --provider " + p + "')");
      }
    }
    String id = model != null ? model : catalog.defaultModel();
    String actual = catalog.find(id).map(ModelInfo::provider).orElse(p);
    if (actual.equals(p)) {
      return id;
    }
    if (model != null) {
      throw CliException.usage("model " + model + " belongs to provider " + actual + ", not " + p
          + "; drop --provider or pick one of: " + String.join(", ", current));
    }
    return current.get(0);
  }

  private @Nullable String promptText() {
    return PromptSource.of(env, prompt, promptFile, !images.isEmpty(), connection.tokenOnStdin());
  }

  /** The inputs given as standard input ({@code -}, {@code @-}), which the token may not share. */
  private List<String> stdinReaders() {
    List<String> readers = new ArrayList<>();
    if ("-".equals(prompt)) {
      readers.add("the prompt -");
    }
    if ("-".equals(promptFile)) {
      readers.add("--prompt-file -");
    }
    if ("@-".equals(systemPrompt)) {
      readers.add("--system-prompt @-");
    }
    if ("@-".equals(negative)) {
      readers.add("--negative @-");
    }
    vars.stream().filter(v -> v.endsWith("=@-")).findFirst().ifPresent(v -> readers.add("--var " + v));
    return readers;
  }
}
