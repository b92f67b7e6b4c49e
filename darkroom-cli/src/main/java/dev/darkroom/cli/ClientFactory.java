package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationListener;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ModelCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds the {@link Darkroom} client a command uses from its options and the environment. */
final class ClientFactory {
  private ClientFactory() {}

  /**
   * @param catalog the table from {@link CatalogLoader}, already carrying the default model
   * @param maxInputSide longest side of reference images in pixels, 0 to send them unchanged
   * @param recorder where every call is recorded before it is sent ({@link GenerationRecorder#NONE} for nowhere)
   * @param provider the provider {@code --api-key}, {@code --base-url}, {@code --project}, {@code --location},
   *     {@code --credentials-file} and {@code --access-token-file} apply to, e.g. {@code openai}
   */
  static Darkroom create(Environment env, ConnectionOptions connection, ModelCatalog catalog,
      GenerationListener listener, int maxInputSide, GenerationRecorder recorder, String provider) {
    return create(env, connection, catalog, listener, maxInputSide, recorder, provider, b -> {});
  }

  /** Like the other, with more settings applied by {@code more}. */
  static Darkroom create(Environment env, ConnectionOptions connection, ModelCatalog catalog,
      GenerationListener listener, int maxInputSide, GenerationRecorder recorder, String provider,
      java.util.function.Consumer<Darkroom.Builder> more) {
    Map<String, String> vars = new HashMap<>(env.variables());
    // The catalog already reflects these, resolved against the working directory.
    vars.remove("DARKROOM_MODELS");
    vars.remove("DARKROOM_MODEL");
    Darkroom.Builder builder = Darkroom.builder()
        .env(vars)
        .catalog(catalog)
        .clock(env.clock())
        .sleeper(env.sleeper())
        .listener(listener)
        .maxInputSide(maxInputSide)
        .recorder(recorder)
        .timeout(Duration.ofSeconds(connection.timeoutSeconds));
    // Every provider names its key apiKey, its endpoint baseUrl, its cloud project and region project and location.
    builder.setting(provider + ".apiKey", connection.apiKey);
    builder.setting(provider + ".baseUrl", connection.baseUrl);
    builder.setting(provider + ".project", connection.project);
    builder.setting(provider + ".location", connection.location);
    builder.setting(provider + ".credentialsFile",
        connection.credentialsFile == null ? null : env.resolve(connection.credentialsFile).toString());
    if (connection.accessTokenFile != null && !connection.accessTokenFile.equals("-")) {
      builder.setting(provider + ".accessTokenFile", env.resolve(connection.accessTokenFile).toString());
    } else {
      builder.setting(provider + ".accessToken", connection.accessToken(env));
    }
    builder.setting(provider + ".engines", connection.engines.isEmpty() ? null : String.join(",", connection.engines));
    more.accept(builder);
    return builder.build();
  }
}
