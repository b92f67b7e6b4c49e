package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.Redactor;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGoogleOAuth;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gemini on Vertex AI, end to end against a fake token endpoint and a fake Vertex endpoint. */
class VertexTest {
  private static final String PROJECT_PATH =
      "/v1/projects/test-project/locations/us-central1/publishers/google/models/gemini-3-pro-image:generateContent";
  private FakeGoogleOAuth oauth;
  private FakeGemini vertex;
  private final List<Darkroom> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    oauth = FakeGoogleOAuth.start();
    vertex = FakeGemini.start().vertex("test-project", oauth::isValid);
  }

  @AfterEach
  void stop() {
    clients.forEach(Darkroom::close);
    vertex.close();
    oauth.close();
  }

  /** A client; unless a test points it at a metadata server, it never probes for one (no real network). */
  private Darkroom client(Map<String, String> settings, Map<String, String> env) {
    Map<String, String> e = new java.util.HashMap<>(env);
    if (!e.containsKey("GCE_METADATA_HOST")) {
      e.putIfAbsent("NO_GCE_CHECK", "true");
    }
    Darkroom.Builder b = Darkroom.builder().env(e).sleeper(d -> { }).random(() -> 0.5);
    b.setting("gemini.vertexBaseUrl", vertex.baseUrl());
    settings.forEach(b::setting);
    Darkroom c = b.build();
    clients.add(c);
    return c;
  }

  private Darkroom serviceAccountClient(Path dir) throws Exception {
    Path key = oauth.writeServiceAccountKey(dir);
    return client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.location", "us-central1", "gemini.credentialsFile", key.toString()), Map.of());
  }

  private static ImageRequest fox() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("A red fox in snow").build();
  }

  private static String bearer(RecordedRequest r) {
    return r.header("Authorization").orElseThrow().substring("Bearer ".length());
  }

  @Test
  void serviceAccountKeySignsAJwtAndTheTokenIsCachedAcrossCalls(@TempDir Path dir) throws Exception {
    Darkroom client = serviceAccountClient(dir);
    ImageResult first = client.generate(fox());
    client.generate(fox());

    assertThat(first.images()).hasSize(1);
    assertThat(oauth.grants()).containsExactly("jwt-bearer");
    RecordedRequest a = vertex.takeRequest();
    RecordedRequest b = vertex.takeRequest();
    assertThat(a.path()).isEqualTo(PROJECT_PATH);
    assertThat(a.header("x-goog-api-key")).isEmpty();
    assertThat(bearer(a)).startsWith("ya29.fake-").isEqualTo(bearer(b));
  }

  @Test
  void gcloudUserCredentialsFromTheEnvironmentUseTheRefreshTokenGrantOnTheGlobalEndpoint(@TempDir Path dir)
      throws Exception {
    oauth.writeUserCredentials(dir.resolve("gcloud"));
    Darkroom client = client(Map.of("gemini.tokenUrl", oauth.tokenUrl()), Map.of(
        "GOOGLE_GENAI_USE_VERTEXAI", "true", "GOOGLE_CLOUD_PROJECT", "test-project",
        "GOOGLE_CLOUD_LOCATION", "global", "CLOUDSDK_CONFIG", dir.resolve("gcloud").toString()));
    client.generate(fox());

    assertThat(oauth.grants()).containsExactly("refresh_token");
    assertThat(vertex.takeRequest().path()).isEqualTo(
        "/v1/projects/test-project/locations/global/publishers/google/models/gemini-3-pro-image:generateContent");
  }

  @Test
  void aTokenNearItsExpiryIsRefreshedBeforeTheNextCall(@TempDir Path dir) throws Exception {
    oauth.tokenLifetime(Duration.ofSeconds(60)); // under the 5-minute refresh margin
    Darkroom client = serviceAccountClient(dir);
    client.generate(fox());
    client.generate(fox());

    assertThat(oauth.grants()).containsExactly("jwt-bearer", "jwt-bearer");
    assertThat(bearer(vertex.takeRequest())).isNotEqualTo(bearer(vertex.takeRequest()));
  }

  @Test
  void aTokenThatExpiresMidRunIsRefreshedAfterTheRejectionAndTheCallSentAgain(@TempDir Path dir) throws Exception {
    Darkroom client = serviceAccountClient(dir);
    client.generate(fox());
    oauth.expireIssuedTokens();
    ImageResult second = client.generate(fox());

    assertThat(second.images()).hasSize(1);
    assertThat(oauth.grants()).containsExactly("jwt-bearer", "jwt-bearer");
    assertThat(vertex.requestCount()).isEqualTo(3);
    String firstToken = bearer(vertex.takeRequest());
    assertThat(bearer(vertex.takeRequest())).isEqualTo(firstToken);
    assertThat(bearer(vertex.takeRequest())).isNotEqualTo(firstToken);
  }

  @Test
  void aSuppliedTokenIsUsedAsIsAndItsRejectionIsAnAuthenticationErrorWithoutTheToken() {
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.location", "us-central1", "gemini.accessToken", "ya29.supplied-by-user"), Map.of());

    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("401 UNAUTHENTICATED")
        .hasMessageContaining("supplied access token")
        .hasMessageNotContaining("ya29.supplied-by-user");
    assertThat(vertex.requestCount()).isEqualTo(1);
  }

  @Test
  void metadataServerTokensWorkWhenAskedFor() {
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.location", "us-central1", "gemini.credentials", "metadata", "gemini.metadataUrl", oauth.metadataUrl()),
        Map.of());
    client.generate(fox());
    assertThat(oauth.grants()).containsExactly("metadata");
  }

  @Test
  void aTokenRejectedEvenWhenFreshIsFetchedAgainOnceAndNeverInALoop(@TempDir Path dir) throws Exception {
    vertex.close();
    vertex = FakeGemini.start().vertex("test-project", token -> false); // rejects every token, fresh or not
    Darkroom client = serviceAccountClient(dir);

    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("401 UNAUTHENTICATED")
        .hasMessageContaining(FakeGoogleOAuth.SERVICE_ACCOUNT_EMAIL);
    assertThat(vertex.requestCount()).isEqualTo(2);
    assertThat(oauth.grants()).containsExactly("jwt-bearer", "jwt-bearer");
  }

  @Test
  void expressModeSendsTheApiKeyHeaderToThePublisherPath() throws Exception {
    Darkroom client = client(Map.of(), Map.of("GOOGLE_GENAI_USE_VERTEXAI", "true",
        "GOOGLE_API_KEY", FakeGemini.DEFAULT_API_KEY));
    client.generate(fox());

    RecordedRequest r = vertex.takeRequest();
    assertThat(r.path()).isEqualTo("/v1/publishers/google/models/gemini-3-pro-image:generateContent");
    assertThat(r.header("x-goog-api-key")).hasValue(FakeGemini.DEFAULT_API_KEY);
    assertThat(r.header("Authorization")).isEmpty();
  }

  @Test
  void anotherProjectIsDeniedWithVertexAdvice(@TempDir Path dir) throws Exception {
    Path key = oauth.writeServiceAccountKey(dir);
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "someone-else",
        "gemini.location", "us-central1", "gemini.credentialsFile", key.toString()), Map.of());

    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("project someone-else")
        .hasMessageContaining("roles/aiplatform.user");
  }

  @Test
  void aKeyTheTokenEndpointDoesNotKnowIsRefusedWithoutLeakingIt(@TempDir Path dir) throws Exception {
    Path key = oauth.writeServiceAccountKey(dir);
    var other = KeyPairGenerator.getInstance("RSA");
    other.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(other.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(key.toFile());
    json.put("private_key", pem);
    Files.writeString(key, json.toString());
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.credentialsFile", key.toString()), Map.of());

    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_grant: Invalid JWT Signature.")
        .hasMessageContaining(FakeGoogleOAuth.SERVICE_ACCOUNT_EMAIL)
        .hasMessageNotContaining("PRIVATE KEY");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void missingProjectAndKeyNameWhatToSet() {
    Darkroom client = client(Map.of("gemini.backend", "vertex"), Map.of());
    assertThatThrownBy(() -> client.generate(fox()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("GOOGLE_CLOUD_PROJECT").hasMessageContaining("GOOGLE_API_KEY");
    Darkroom noCredentials = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project"), Map.of());
    assertThatThrownBy(() -> noCredentials.generate(fox()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gcloud auth application-default login")
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void batchIsRefusedOnVertexNamingTheAlternative() {
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project"), Map.of());
    assertThatThrownBy(() -> client.openBatch("gemini", BatchBackend.Settings.defaults()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not supported on Vertex AI")
        .hasMessageContaining("--via direct")
        .hasMessageContaining("gemini.backend=developer");
  }

  @Test
  void dryRunShowsTheVertexUrlWithoutReadingCredentials() {
    Darkroom client = client(Map.of("gemini.backend", "vertex", "gemini.project", "test-project",
        "gemini.location", "europe-west4"), Map.of());
    assertThat(client.dryRun(fox()).endpoint()).isEqualTo(vertex.baseUrl()
        + "/v1/projects/test-project/locations/europe-west4/publishers/google/models/gemini-3-pro-image:generateContent");
    assertThat(oauth.grants()).isEmpty();
  }

  @Test
  void googleEndpointsFollowTheLocation() {
    assertThat(VertexBackend.defaultRoot("global")).isEqualTo("https://aiplatform.googleapis.com");
    assertThat(VertexBackend.defaultRoot("us-central1")).isEqualTo("https://us-central1-aiplatform.googleapis.com");
  }

  @Test
  void tokensAreRefreshedByAgeOnTheInjectedClockAndNeverShown() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    int[] fetches = {0};
    Redactor redactor = Redactor.none();
    GoogleCredentials credentials = new GoogleCredentials(new GoogleCredentials.Grant() {
      @Override public GoogleCredentials.Token fetch() {
        fetches[0]++;
        return new GoogleCredentials.Token("ya29.token-number-" + fetches[0], now.get().plusSeconds(3600));
      }
      @Override public String describe() { return "test grant"; }
    }, clock, redactor);

    assertThat(credentials.accessToken()).isEqualTo("ya29.token-number-1");
    now.set(now.get().plusSeconds(3600 - 301));
    assertThat(credentials.accessToken()).isEqualTo("ya29.token-number-1");
    now.set(now.get().plusSeconds(2));
    assertThat(credentials.accessToken()).isEqualTo("ya29.token-number-2");
    assertThat(redactor.redact("Bearer ya29.token-number-2")).isEqualTo("Bearer " + Redactor.MASK);
    assertThat(credentials.toString()).doesNotContain("ya29");
  }

  @Test
  void callsRejectedTogetherFetchOneNewTokenNotOneEach() {
    int[] fetches = {0};
    GoogleCredentials credentials = new GoogleCredentials(new GoogleCredentials.Grant() {
      @Override public GoogleCredentials.Token fetch() {
        fetches[0]++;
        return new GoogleCredentials.Token("ya29.token-" + fetches[0], null);
      }
      @Override public String describe() { return "test grant"; }
    }, Clock.systemUTC(), Redactor.none());
    String first = credentials.accessToken();

    assertThat(credentials.invalidate(first)).isTrue(); // the first rejected call drops it
    assertThat(credentials.accessToken()).isEqualTo("ya29.token-2");
    assertThat(credentials.invalidate(first)).isTrue(); // a second call rejected with the old token
    assertThat(credentials.accessToken()).isEqualTo("ya29.token-2");
    assertThat(fetches[0]).isEqualTo(2);
  }

  @Test
  void vertexErrorShapesMapToTypedErrors() {
    String wrapped = "[{\"error\":{\"code\":429,\"message\":\"Resource exhausted, please try again later.\","
        + "\"status\":\"RESOURCE_EXHAUSTED\"}}]";
    DarkroomException quota = VertexErrors.map(429, wrapped, Optional.empty(), "gemini-3-pro-image",
        "test-project", "us-central1", "x", Redactor.none());
    assertThat(quota).isInstanceOf(QuotaExceededException.class);
    assertThat(quota.isRetryable()).isTrue();
    assertThat(quota.getMessage()).contains("429 RESOURCE_EXHAUSTED: Resource exhausted");
    DarkroomException missing = VertexErrors.map(404, "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"message\":"
        + "\"Publisher Model `projects/p/locations/l/publishers/google/models/m` was not found\"}}",
        Optional.empty(), "m", "p", "l", "x", Redactor.none());
    assertThat(missing).isInstanceOf(InvalidRequestException.class);
    assertThat(missing.getMessage()).contains("location global");
  }
}
