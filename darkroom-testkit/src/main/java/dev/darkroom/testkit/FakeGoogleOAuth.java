package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.ResponseSink;
import dev.darkroom.testkit.internal.SocketHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Google OAuth2 token endpoint and metadata server on 127.0.0.1, for testing Vertex AI
 * authentication without Google:
 * <ul>
 *   <li>{@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}: the
 *       {@code assertion} must be an RS256 JWT signed with this fake's service account key
 *       ({@link #writeServiceAccountKey}), with {@code iss} its email, {@code aud} the token URL, the
 *       {@code cloud-platform} scope and an unexpired {@code exp}; else 400 {@code invalid_grant};</li>
 *   <li>{@code POST /token} with {@code grant_type=refresh_token}: the client id, secret and refresh token
 *       of {@link #writeUserCredentials}; else 401 {@code invalid_client} or 400 {@code invalid_grant};</li>
 *   <li>the metadata server of a Google Cloud VM ({@link #metadataHost()}, for {@code GCE_METADATA_HOST}):
 *       {@code GET /} (the probe clients use to detect Google Cloud),
 *       {@code GET /computeMetadata/v1/instance/service-accounts/default/token} and
 *       {@code GET /computeMetadata/v1/project/project-id} ({@link #metadataProject}); each needs the
 *       request header {@code Metadata-Flavor: Google} (else 403) and answers with it.</li>
 * </ul>
 * Tokens it issues are valid for {@link #tokenLifetime} (default one hour), until
 * {@link #expireIssuedTokens()}, or until used {@link #expireTokensAfterUses} times; {@link #isValid}
 * answers for {@link FakeGemini#vertex}. Thread-safe.
 */
public final class FakeGoogleOAuth implements AutoCloseable {
  public static final String SERVICE_ACCOUNT_EMAIL = "darkroom-test@test-project.iam.gserviceaccount.com";
  public static final String CLIENT_ID = "fake-client.apps.googleusercontent.com";
  public static final String CLIENT_SECRET = "fake-client-secret";
  public static final String REFRESH_TOKEN = "1//fake-refresh-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile KeyPair sharedKey;

  private final KeyPair key = key();
  private final SocketHttpServer http;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final List<String> grants = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();
  private final AtomicInteger metadataProbes = new AtomicInteger();
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile int maxUses = Integer.MAX_VALUE;
  private volatile String metadataProject = "test-project";

  private FakeGoogleOAuth() {
    this.http = SocketHttpServer.start(this::handle);
  }

  /** Starts a fake on an ephemeral port. Close it when done. */
  public static FakeGoogleOAuth start() {
    return new FakeGoogleOAuth();
  }

  /** The token endpoint, e.g. {@code http://127.0.0.1:41234/token}. */
  public String tokenUrl() {
    return "http://127.0.0.1:" + http.port() + "/token";
  }

  /** The metadata server's token URL. */
  public String metadataUrl() {
    return "http://127.0.0.1:" + http.port() + "/computeMetadata/v1/instance/service-accounts/default/token";
  }

  /**
   * The metadata server's address as {@code host:port}, the form of {@code GCE_METADATA_HOST}; its
   * token URL is {@link #metadataUrl()}.
   */
  public String metadataHost() {
    return "127.0.0.1:" + http.port();
  }

  /** The project id the metadata server reports (default {@code test-project}). */
  public FakeGoogleOAuth metadataProject(String project) {
    this.metadataProject = java.util.Objects.requireNonNull(project, "project");
    return this;
  }

  /** How many times the metadata server's root was probed ({@code GET /} with {@code Metadata-Flavor: Google}). */
  public int metadataProbes() {
    return metadataProbes.get();
  }

  /**
   * Makes each token stop being accepted after {@link #isValid} said yes {@code uses} times, as if it
   * expired or was revoked in the middle of a run (default: no limit).
   */
  public FakeGoogleOAuth expireTokensAfterUses(int uses) {
    if (uses < 1) {
      throw new IllegalArgumentException("uses must be at least 1, got " + uses);
    }
    this.maxUses = uses;
    return this;
  }

  /**
   * Issues a valid access token directly, as {@code gcloud auth print-access-token} would give a user
   * to pass to a client; not counted in {@link #grants()}.
   */
  public String issueAccessToken() {
    String token = newToken();
    tokens.put(token, Instant.now().plus(lifetime));
    return token;
  }

  /** How long tokens issued from now on live ({@code expires_in}); default one hour. */
  public FakeGoogleOAuth tokenLifetime(Duration lifetime) {
    this.lifetime = lifetime;
    return this;
  }

  /** Makes every token issued so far invalid, as if it had expired or been revoked. */
  public void expireIssuedTokens() {
    tokens.clear();
  }

  /** Whether {@code token} was issued here, has not expired and was not expired by {@link #expireIssuedTokens}. */
  public boolean isValid(String token) {
    Instant until = tokens.get(token);
    if (until == null || !Instant.now().isBefore(until)) {
      return false;
    }
    if (uses.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet() > maxUses) {
      tokens.remove(token);
      return false;
    }
    return true;
  }

  /** The grant types of the token requests that succeeded, in order ({@code jwt-bearer}, {@code refresh_token}, {@code metadata}). */
  public List<String> grants() {
    return List.copyOf(grants);
  }

  /** The public half of the service account key, to check signatures yourself. */
  public PublicKey publicKey() {
    return key.getPublic();
  }

  /**
   * Writes gcloud's application default credentials where gcloud keeps them for the user whose home
   * is {@code home}: {@code home/.config/gcloud/application_default_credentials.json} (the
   * {@code authorized_user} file of {@link #writeUserCredentials}, plus a {@code token_uri} naming this
   * fake, which Google's libraries honour, so that clients reach it without being configured).
   */
  public Path writeGcloudCredentials(Path home) throws IOException {
    Path file = writeUserCredentials(home.resolve(".config").resolve("gcloud"));
    ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
    json.put("token_uri", tokenUrl());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }

  /** Writes a service account key file ({@code type: service_account}) whose {@code token_uri} is this fake. */
  public Path writeServiceAccountKey(Path dir) throws IOException {
    ObjectNode json = JSON.createObjectNode()
        .put("type", "service_account")
        .put("project_id", "test-project")
        .put("private_key_id", "fake-key-1")
        .put("private_key", "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n")
        .put("client_email", SERVICE_ACCOUNT_EMAIL)
        .put("client_id", "1234567890")
        .put("token_uri", tokenUrl());
    Path file = dir.resolve("service-account.json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }

  /**
   * Writes gcloud's user credentials ({@code type: authorized_user}, as
   * {@code gcloud auth application-default login} does) to {@code dir/application_default_credentials.json};
   * it names no token endpoint, so clients must be pointed at {@link #tokenUrl()}.
   */
  public Path writeUserCredentials(Path dir) throws IOException {
    ObjectNode json = JSON.createObjectNode()
        .put("type", "authorized_user")
        .put("client_id", CLIENT_ID)
        .put("client_secret", CLIENT_SECRET)
        .put("refresh_token", REFRESH_TOKEN)
        .put("quota_project_id", "test-project");
    Files.createDirectories(dir);
    Path file = dir.resolve("application_default_credentials.json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "FakeGoogleOAuth[" + tokenUrl() + "]";
  }

  private void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    if ("GET".equals(request.method()) && (request.path().equals("/") || request.path().startsWith("/computeMetadata/"))) {
      metadata(request, sink);
      return;
    }
    if (!request.path().equals("/token") || !"POST".equals(request.method())) {
      send(sink, 404, JSON.createObjectNode().put("error", "not_found"));
      return;
    }
    Map<String, String> form = form(new String(request.body(), StandardCharsets.UTF_8));
    String grant = form.getOrDefault("grant_type", "");
    switch (grant) {
      case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> {
        String problem = checkJwt(form.getOrDefault("assertion", ""));
        if (problem != null) {
          send(sink, 400, error("invalid_grant", problem));
        } else {
          issue(sink, "jwt-bearer");
        }
      }
      case "refresh_token" -> {
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
          send(sink, 401, error("invalid_client", "Unauthorized"));
        } else if (!REFRESH_TOKEN.equals(form.get("refresh_token"))) {
          send(sink, 400, error("invalid_grant", "Bad Request"));
        } else {
          issue(sink, "refresh_token");
        }
      }
      default -> send(sink, 400, error("unsupported_grant_type", "Invalid grant_type: " + grant));
    }
  }

  /** Null when the assertion is a valid JWT for this fake; else Google's kind of description. */
  private String checkJwt(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(d.decode(parts[0]));
      JsonNode claims = JSON.readTree(d.decode(parts[1]));
      if (!"RS256".equals(header.path("alg").asText())) {
        return "Invalid JWT: unsupported alg " + header.path("alg").asText();
      }
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key.getPublic());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(d.decode(parts[2]))) {
        return "Invalid JWT Signature.";
      }
      long now = Instant.now().getEpochSecond();
      if (!SERVICE_ACCOUNT_EMAIL.equals(claims.path("iss").asText())) {
        return "Invalid JWT: unknown issuer " + claims.path("iss").asText();
      }
      if (!tokenUrl().equals(claims.path("aud").asText())) {
        return "Invalid JWT: audience must be " + tokenUrl();
      }
      if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform")) {
        return "Invalid JWT: missing the cloud-platform scope";
      }
      long iat = claims.path("iat").asLong();
      long exp = claims.path("exp").asLong();
      if (exp <= now || exp - iat > 3600 || iat > now + 300) {
        return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
      }
      return null;
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      return "Invalid JWT: " + e.getClass().getSimpleName();
    }
  }

  private void metadata(HttpRequestData request, ResponseSink sink) throws IOException {
    Map<String, String> flavor = Map.of("Metadata-Flavor", "Google");
    if (!request.header("Metadata-Flavor").orElse("").equals("Google")) {
      sink.send(403, "text/html; charset=utf-8",
          "Missing required header: Metadata-Flavor".getBytes(StandardCharsets.UTF_8), flavor);
      return;
    }
    switch (request.path()) {
      case "/" -> {
        metadataProbes.incrementAndGet();
        sink.send(200, "application/text", "computeMetadata/\n".getBytes(StandardCharsets.UTF_8), flavor);
      }
      case "/computeMetadata/v1/instance/service-accounts/default/token" -> issue(sink, "metadata");
      case "/computeMetadata/v1/project/project-id" ->
          sink.send(200, "application/text", metadataProject.getBytes(StandardCharsets.UTF_8), flavor);
      default -> sink.send(404, "text/html; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8), flavor);
    }
  }

  private String newToken() {
    return "ya29.fake-" + counter.incrementAndGet() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  }

  private void issue(ResponseSink sink, String grant) throws IOException {
    String token = newToken();
    Duration life = lifetime;
    tokens.put(token, Instant.now().plus(life));
    grants.add(grant);
    send(sink, 200, JSON.createObjectNode().put("access_token", token).put("expires_in", life.getSeconds())
        .put("token_type", "Bearer"));
  }

  private static ObjectNode error(String error, String description) {
    return JSON.createObjectNode().put("error", error).put("error_description", description);
  }

  private static void send(ResponseSink sink, int status, ObjectNode body) throws IOException {
    sink.send(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body), Map.of());
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** One RSA key for every fake in the JVM: generating one costs a noticeable fraction of a second. */
  private static KeyPair key() {
    KeyPair k = sharedKey;
    if (k == null) {
      synchronized (FakeGoogleOAuth.class) {
        k = sharedKey;
        if (k == null) {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            k = g.generateKeyPair();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
          sharedKey = k;
        }
      }
    }
    return k;
  }
}
