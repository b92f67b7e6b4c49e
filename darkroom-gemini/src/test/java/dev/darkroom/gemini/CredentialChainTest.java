package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGoogleOAuth;
import dev.darkroom.testkit.RecordedRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application Default Credentials: the metadata server after the files, probed only when nothing else
 * is configured, its project used when none is given; supplied tokens from a variable or a file; and
 * an error naming every place looked at. The default metadata addresses are never contacted: tests
 * inject the probe, or point {@code GCE_METADATA_HOST} at the fake.
 */
class CredentialChainTest {
  private FakeGoogleOAuth oauth;
  private FakeGemini vertex;
  private final List<Darkroom> clients = new ArrayList<>();
  /** Addresses the injected probe was asked about. */
  private final List<String> probed = new CopyOnWriteArrayList<>();
  private final MetadataServer.Probe nothingAnswers = host -> {
    probed.add(host);
    return false;
  };

  @BeforeEach
  void start() {
    oauth = FakeGoogleOAuth.start().metadataProject("test-project");
    vertex = FakeGemini.start().vertex("test-project", oauth::isValid);
  }

  @AfterEach
  void stop() {
    clients.forEach(Darkroom::close);
    vertex.close();
    oauth.close();
  }

  private Darkroom client(Map<String, String> settings, Map<String, String> env) {
    Darkroom.Builder b = Darkroom.builder().env(env).sleeper(d -> { }).random(() -> 0.5);
    b.setting("gemini.vertexBaseUrl", vertex.baseUrl());
    settings.forEach(b::setting);
    Darkroom c = b.build();
    clients.add(c);
    return c;
  }

  private static ImageRequest fox() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("A red fox in snow").build();
  }

  /** Opens the provider directly with {@code probe}, as the client would. */
  private ProviderClient open(MetadataServer.Probe probe, Map<String, String> settings, Map<String, String> env) {
    ProviderContext.Builder b = ProviderContext.builder("gemini").env(env);
    settings.forEach(b::setting);
    return new GeminiProvider(probe).open(b.build());
  }

  @Test
  void onGoogleCloudTheMetadataServerIsFoundWithoutConfigurationAndGivesTheProject() throws Exception {
    Darkroom client = client(Map.of(), Map.of("GOOGLE_GENAI_USE_VERTEXAI", "true",
        "GCE_METADATA_HOST", oauth.metadataHost()));
    client.generate(fox());

    assertThat(oauth.grants()).containsExactly("metadata");
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.path()).isEqualTo(
        "/v1/projects/test-project/locations/global/publishers/google/models/gemini-3-pro-image:generateContent");
    assertThat(oauth.metadataProbes()).isEqualTo(1);
  }

  @Test
  void theProbeIsAnsweredOncePerProcessForEachAddress() {
    Map<String, String> env = Map.of("GCE_METADATA_HOST", oauth.metadataHost());
    Map<String, String> settings = Map.of("gemini.backend", "vertex", "gemini.project", "test-project");
    client(settings, env).generate(fox());
    client(settings, env).generate(fox());

    assertThat(oauth.metadataProbes()).isEqualTo(1);
    assertThat(oauth.grants()).containsExactly("metadata", "metadata");
  }

  @Test
  void theRealProbeSeesTheMetadataFlavorHeaderAndAClosedPortIsNoServer() throws Exception {
    assertThat(MetadataServer.connect(oauth.metadataHost())).isTrue();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(MetadataServer.connect("127.0.0.1:" + closed)).isFalse();
    // A server that answers without the header is not a metadata server.
    assertThat(MetadataServer.connect(vertex.baseUrl().substring("http://".length()))).isFalse();
  }

  @Test
  void withNothingConfiguredTheDefaultAddressesAreProbedInOrderAndEveryPlaceIsNamed(@TempDir Path home) {
    assertThatThrownBy(() -> open(nothingAnswers, Map.of("backend", "vertex", "project", "test-project"),
        Map.of("HOME", home.toString())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gemini.accessToken").hasMessageContaining("GOOGLE_OAUTH_ACCESS_TOKEN")
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
        .hasMessageContaining(home.resolve(".config/gcloud/application_default_credentials.json").toString())
        .hasMessageContaining("169.254.169.254, metadata.google.internal")
        .hasMessageContaining("gcloud auth application-default login")
        .hasMessageContaining("--access-token-file");
    assertThat(probed).containsExactly(MetadataServer.IP, MetadataServer.HOST);
  }

  @Test
  void noGceCheckSkipsTheProbeAndSaysSo() {
    assertThatThrownBy(() -> open(nothingAnswers, Map.of("backend", "vertex"), Map.of("NO_GCE_CHECK", "true")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not probed (NO_GCE_CHECK=true)")
        .hasMessageContaining("GOOGLE_CLOUD_PROJECT").hasMessageContaining("GOOGLE_API_KEY");
    assertThat(probed).isEmpty();
  }

  @Test
  void anyOtherCredentialMeansNoProbe(@TempDir Path dir) throws Exception {
    Path key = oauth.writeServiceAccountKey(dir);
    open(nothingAnswers, Map.of("backend", "vertex", "project", "test-project"),
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()));
    oauth.writeGcloudCredentials(dir);
    open(nothingAnswers, Map.of("backend", "vertex", "project", "test-project"), Map.of("HOME", dir.toString()));
    open(nothingAnswers, Map.of("backend", "vertex", "project", "test-project"),
        Map.of("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.x"));

    assertThat(probed).isEmpty();
  }

  @Test
  void aServiceAccountKeyNamesItsProjectWhenNoneIsGiven(@TempDir Path dir) throws Exception {
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.location", "us-central1"),
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", oauth.writeServiceAccountKey(dir).toString(), "NO_GCE_CHECK", "true"));
    client.generate(fox());
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/locations/us-central1/");
  }

  @Test
  void gcloudUserCredentialsWithoutAProjectSayWhatToSet(@TempDir Path dir) throws Exception {
    oauth.writeGcloudCredentials(dir);
    assertThatThrownBy(() -> open(nothingAnswers, Map.of("backend", "vertex"), Map.of("HOME", dir.toString())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("needs a project").hasMessageContaining("gcloud user credentials");
  }

  @Test
  void suppliedTokensFromTheVariableOrAFileAreSentAsIsAndNeverShown(@TempDir Path dir) throws Exception {
    String fromEnv = oauth.issueAccessToken();
    Darkroom a = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project"),
        Map.of("GOOGLE_OAUTH_ACCESS_TOKEN", fromEnv));
    a.generate(fox());
    assertThat(vertex.takeRequest().header("Authorization")).hasValue("Bearer " + fromEnv);

    String fromFile = oauth.issueAccessToken();
    Path file = dir.resolve("token.txt");
    Files.writeString(file, fromFile + "\n");
    Darkroom b = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.accessTokenFile", file.toString()), Map.of());
    b.generate(fox());
    assertThat(vertex.takeRequest().header("Authorization")).hasValue("Bearer " + fromFile);
    assertThat(oauth.grants()).isEmpty();

    oauth.expireIssuedTokens();
    assertThatThrownBy(() -> b.generate(fox()))
        .hasMessageContaining("the access token from " + file)
        .hasMessageNotContaining(fromFile);
    assertThat(a.toString() + b.toString()).doesNotContain(fromEnv).doesNotContain(fromFile);
    ProviderClient opened = open(nothingAnswers, Map.of("backend", "vertex", "project", "test-project",
        "accessTokenFile", file.toString()), Map.of());
    assertThat(opened.toString()).doesNotContain(fromFile);
  }

  @Test
  void anEmptyTokenFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token.txt"), "\n");
    assertThatThrownBy(() -> open(nothingAnswers, Map.of("backend", "vertex", "project", "p",
        "accessTokenFile", file.toString()), new HashMap<>()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("gcloud auth print-access-token");
  }
  /** gcloud's configuration under {@code home}: the active configuration named {@code active}, holding {@code project}. */
  private static Path gcloudConfig(Path home, String active, String project) throws Exception {
    Path gcloud = Files.createDirectories(home.resolve(".config/gcloud/configurations"));
    Files.writeString(gcloud.resolve("../active_config").normalize(), active + "\n");
    Files.writeString(gcloud.resolve("config_default"), "[core]\nproject = default-config-project\n");
    return Files.writeString(gcloud.resolve("config_" + active), "[compute]\nproject = not-this-one\nregion = "
        + "europe-west4\n\n[core]\naccount = fox@example.com\nproject = " + project + "\n");
  }

  private Map<String, String> gcloudEnv(Path home, String... more) {
    Map<String, String> env = new HashMap<>(Map.of("GOOGLE_GENAI_USE_VERTEXAI", "true", "HOME", home.toString(),
        "NO_GCE_CHECK", "true"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void withNoOtherProjectGcloudsActiveConfigurationGivesIt(@TempDir Path home) throws Exception {
    oauth.writeGcloudCredentials(home);
    gcloudConfig(home, "work", "test-project");
    client(Map.of(), gcloudEnv(home)).generate(fox());

    assertThat(oauth.grants()).containsExactly("refresh_token");
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/locations/global/");
  }

  @Test
  void cloudsdkCoreProjectOverridesTheConfigurationFileAndExplicitProjectsWinOverBoth(@TempDir Path home)
      throws Exception {
    oauth.writeGcloudCredentials(home);
    gcloudConfig(home, "work", "other-project");
    client(Map.of(), gcloudEnv(home, "CLOUDSDK_CORE_PROJECT", "test-project")).generate(fox());
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/");

    client(Map.of(), gcloudEnv(home, "CLOUDSDK_CORE_PROJECT", "other-project", "GOOGLE_CLOUD_PROJECT",
        "test-project")).generate(fox());
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/");

    client(Map.of("gemini.project", "test-project"), gcloudEnv(home, "CLOUDSDK_CORE_PROJECT", "other-project",
        "GOOGLE_CLOUD_PROJECT", "other-project")).generate(fox());
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/");
  }

  @Test
  void aServiceAccountKeysProjectWinsOverGcloudsConfiguration(@TempDir Path home) throws Exception {
    Path key = oauth.writeServiceAccountKey(home);
    gcloudConfig(home, "work", "other-project");
    client(Map.of(), gcloudEnv(home, "GOOGLE_APPLICATION_CREDENTIALS", key.toString(),
        "CLOUDSDK_CORE_PROJECT", "other-project")).generate(fox());

    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/");
  }

  @Test
  void theActiveConfigurationNameComesFromTheVariableFirstAndDefaultsToDefault(@TempDir Path home)
      throws Exception {
    Path configs = gcloudConfig(home, "work", "work-project").getParent();
    Map<String, String> env = gcloudEnv(home);
    ProviderContext ctx = ProviderContext.builder("gemini").env(env).build();
    assertThat(GcloudConfig.project(ctx)).hasValue("work-project");

    env.put("CLOUDSDK_ACTIVE_CONFIG_NAME", "default");
    assertThat(GcloudConfig.project(ProviderContext.builder("gemini").env(env).build()))
        .hasValue("default-config-project");

    env.remove("CLOUDSDK_ACTIVE_CONFIG_NAME");
    Files.delete(configs.resolveSibling("active_config"));
    assertThat(GcloudConfig.project(ProviderContext.builder("gemini").env(env).build()))
        .hasValue("default-config-project");

    env.put("CLOUDSDK_ACTIVE_CONFIG_NAME", "../../escape");
    assertThat(GcloudConfig.project(ProviderContext.builder("gemini").env(env).build())).isEmpty();
  }

  @Test
  void withoutAnyProjectTheErrorNamesGcloudsConfigurationToo(@TempDir Path home) throws Exception {
    oauth.writeGcloudCredentials(home);
    assertThatThrownBy(() -> client(Map.of(), gcloudEnv(home)).generate(fox()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gcloud config set project").hasMessageContaining("CLOUDSDK_CORE_PROJECT")
        .hasMessageContaining(home.resolve(".config/gcloud/configurations/config_default").toString());
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void aRejectedTokenFileIsReadOnceMoreAndAFreshTokenInItIsSent(@TempDir Path dir) throws Exception {
    String stale = oauth.issueAccessToken();
    Path file = Files.writeString(dir.resolve("token.txt"), stale + "\n");
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.accessTokenFile", file.toString()), Map.of());
    client.generate(fox());
    vertex.takeRequest();

    oauth.expireIssuedTokens();
    String fresh = oauth.issueAccessToken(); // as 'gcloud auth print-access-token > token.txt' would
    Files.writeString(file, fresh + "\n");
    client.generate(fox());

    assertThat(vertex.takeRequest().header("Authorization")).hasValue("Bearer " + stale);
    assertThat(vertex.takeRequest().header("Authorization")).hasValue("Bearer " + fresh);
    assertThat(oauth.grants()).isEmpty();
  }

  @Test
  void anUnchangedTokenFileFailsAfterOneRequestWithoutShowingTheToken(@TempDir Path dir) throws Exception {
    String token = oauth.issueAccessToken();
    Path file = Files.writeString(dir.resolve("token.txt"), token + "\n");
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.accessTokenFile", file.toString()), Map.of());
    oauth.expireIssuedTokens();

    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(dev.darkroom.AuthenticationException.class)
        .hasMessageContaining("the access token from " + file)
        .hasMessageNotContaining(token);
    assertThat(vertex.requestCount()).isEqualTo(1);

    Files.writeString(file, ""); // emptied meanwhile: the rejection stands, no second request either
    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(dev.darkroom.AuthenticationException.class)
        .hasMessageNotContaining(token);
    assertThat(vertex.requestCount()).isEqualTo(2);
  }
}
