package dev.darkroom.echo;

import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code echo} provider: model {@code echo-1}, option {@code tint}, an in-memory batch API. It
 * reads no settings and needs no key.
 */
public final class EchoProvider implements ImageProvider {
  /** This provider's id. */
  public static final String ID = "echo";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Echo (example provider)";
  }

  @Override
  public Optional<InputStream> modelTable() {
    return Optional.ofNullable(EchoProvider.class.getResourceAsStream("models.json"));
  }

  @Override
  public List<String> optionNames() {
    return EchoOptions.NAMES;
  }

  @Override
  public Map<String, String> optionAliases() {
    return Map.of("color", "tint");
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return EchoOptions.read(values);
  }

  @Override
  public ProviderClient open(ProviderContext context) {
    return new EchoClient();
  }

  @Override
  public Optional<BatchBackend> openBatch(ProviderContext context, BatchBackend.Settings settings) {
    return Optional.of(new EchoBatchBackend());
  }
}
