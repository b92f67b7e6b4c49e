package dev.darkroom.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Google Cloud OAuth2 access tokens for Vertex AI, obtained from one credential and kept in memory
 * only: cached, and fetched again when less than {@link #REFRESH_MARGIN} of their life is left or
 * after Vertex AI rejected one. Every token and credential secret is registered with the redactor;
 * nothing is ever written to disk. Thread-safe.
 *
 * <p>Credential kinds (the {@code type} of a JSON credentials file, or a supplied token):
 * <ul>
 *   <li>{@code service_account}: a JWT signed with the file's RSA key (RS256, JDK
 *       {@code SHA256withRSA}) exchanged at the token endpoint (grant
 *       {@code urn:ietf:params:oauth:grant-type:jwt-bearer});</li>
 *   <li>{@code authorized_user} (what {@code gcloud auth application-default login} writes): the
 *       refresh token exchanged at the token endpoint (grant {@code refresh_token});</li>
 *   <li>a supplied access token: used as is, never refreshed; one from a file is read again once after
 *       Vertex AI rejects it, in case another process has replaced it;</li>
 *   <li>the metadata server of a Google Cloud VM or container: asked for the attached service
 *       account's token.</li>
 * </ul>
 */
final class GoogleCredentials {
  /** Tokens with less than this left are fetched again before use (Google's tokens live one hour). */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  /** The scope asked for: all of Google Cloud, which Vertex AI requires. */
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  /** Google's OAuth2 token endpoint. */
  static final String DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token";
  /** The metadata server's token URL on Google Cloud. */
  static final String DEFAULT_METADATA_URL =
      "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One way to get a fresh token. */
  interface Grant {
    Token fetch();

    /** Where the credential comes from, for messages, e.g. {@code service account x@p.iam (file …)}. */
    String describe();

    /**
     * Whether fetching again, after the server rejected {@code rejected}, can give a different token.
     * Called with the credentials' lock held.
     */
    default boolean renewable(String rejected) {
      return true;
    }
  }

  /** An access token and when it expires (null: unknown, never refreshed by age). */
  record Token(String value, @Nullable Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[" + Redactor.MASK + ", expires " + expiresAt + "]";
    }
  }

  private final Grant grant;
  private final Clock clock;
  private final Redactor redactor;
  private @Nullable Token cached;

  GoogleCredentials(Grant grant, Clock clock, Redactor redactor) {
    this.grant = grant;
    this.clock = clock;
    this.redactor = redactor;
  }

  /** A valid access token, fetched when none is cached or the cached one is about to expire. */
  synchronized String accessToken() {
    Token t = cached;
    if (t == null || t.expiresAt() != null && !clock.instant().plus(REFRESH_MARGIN).isBefore(t.expiresAt())) {
      t = grant.fetch();
      redactor.add(t.value());
      cached = t;
    }
    return t.value();
  }

  /**
   * Forgets the cached token after the server rejected it, unless another caller has already replaced
   * it (calls rejected together fetch one new token, not one each).
   *
   * @param rejected the token the server rejected
   * @return whether asking again may give another token
   */
  synchronized boolean invalidate(String rejected) {
    if (cached != null && cached.value().equals(rejected)) {
      cached = null;
    }
    return grant.renewable(rejected);
  }

  String describe() {
    return grant.describe();
  }

  @Override
  public String toString() {
    return "GoogleCredentials[" + grant.describe() + "]";
  }

  // ---- grants ----

  /** A token given by the user; used until Vertex AI rejects it. */
  static Grant supplied(String token) {
    return supplied(token, "the supplied access token (gemini.accessToken)");
  }

  /**
   * A token given by the user; used until Vertex AI rejects it.
   *
   * @param what where it came from, for messages (never the token)
   */
  static Grant supplied(String token, String what) {
    return new Grant() {
      @Override
      public Token fetch() {
        return new Token(token, null);
      }

      @Override
      public String describe() {
        return what;
      }

      @Override
      public boolean renewable(String rejected) {
        return false;
      }
    };
  }

  /**
   * A token kept current in a file by another process (e.g. {@code gcloud auth print-access-token > file}):
   * read now, and read again only after Vertex AI rejected it; a rejection is final when the file then
   * holds the same token (or cannot be read), so an unchanged file never causes a second request.
   *
   * @param read reads and checks the file's token, registering it with the redactor; throws when the
   *     file is unreadable or holds no single token
   * @param what where it came from, for messages (never the token)
   */
  static Grant tokenFile(Path file, java.util.function.Function<Path, String> read, String what) {
    String first = read.apply(file);
    return new Grant() {
      private volatile String current = first;

      @Override
      public Token fetch() {
        return new Token(current, null);
      }

      @Override
      public String describe() {
        return what;
      }

      @Override
      public boolean renewable(String rejected) {
        if (!rejected.equals(current)) {
          return true; // already re-read after an earlier rejection
        }
        String again;
        try {
          again = read.apply(file);
        } catch (RuntimeException e) {
          return false; // gone or emptied: the rejection stands
        }
        if (again.equals(rejected)) {
          return false;
        }
        current = again;
        return true;
      }
    };
  }

  /**
   * Reads a JSON credentials file: a service account key or gcloud's user credentials.
   *
   * @param tokenUrlOverride the token endpoint to use instead of the file's (tests, proxies), or null
   * @throws InvalidRequestException naming the file when it cannot be read or is of another type
   */
  static Grant fromFile(Path file, @Nullable String tokenUrlOverride, HttpClient http, Clock clock,
      Redactor redactor, String userAgent) {
    JsonNode json;
    try {
      json = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read Google credentials file " + file + ": " + e.getMessage(),
          "gemini.credentialsFile", java.util.List.of());
    }
    String type = json.path("type").asText("");
    switch (type) {
      case "service_account" -> {
        String email = required(json, "client_email", file);
        String pem = required(json, "private_key", file);
        redactor.add(pem);
        PrivateKey key = privateKey(pem, file);
        String keyId = json.path("private_key_id").asText("");
        String tokenUrl = tokenUrlOverride != null ? tokenUrlOverride : json.path("token_uri").asText(DEFAULT_TOKEN_URL);
        String what = "service account " + email + " (" + file + ")";
        return new Grant() {
          @Override
          public Token fetch() {
            String assertion = jwt(email, keyId, key, tokenUrl, clock.instant());
            redactor.add(assertion);
            return exchange(http, tokenUrl, Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion", assertion), clock, redactor, userAgent, what);
          }

          @Override
          public String describe() {
            return what;
          }
        };
      }
      case "authorized_user" -> {
        String clientId = required(json, "client_id", file);
        String secret = required(json, "client_secret", file);
        String refresh = required(json, "refresh_token", file);
        redactor.add(secret);
        redactor.add(refresh);
        String tokenUrl = tokenUrlOverride != null ? tokenUrlOverride : json.path("token_uri").asText(DEFAULT_TOKEN_URL);
        String what = "gcloud user credentials (" + file + ")";
        return new Grant() {
          @Override
          public Token fetch() {
            return exchange(http, tokenUrl, Map.of("grant_type", "refresh_token", "client_id", clientId,
                "client_secret", secret, "refresh_token", refresh), clock, redactor, userAgent, what);
          }

          @Override
          public String describe() {
            return what;
          }
        };
      }
      default -> throw new InvalidRequestException("Google credentials file " + file + " has type '" + type
          + "'; Darkroom reads service_account keys and authorized_user files (gcloud auth application-default"
          + " login); for other kinds, pass an access token in gemini.accessToken", "gemini.credentialsFile",
          java.util.List.of("service_account", "authorized_user"));
    }
  }

  /** The {@code project_id} of a service account key file, when it has one. */
  static java.util.Optional<String> projectOf(Path file) {
    try {
      JsonNode json = JSON.readTree(Files.readString(file));
      String project = json.path("project_id").asText("");
      return "service_account".equals(json.path("type").asText("")) && !project.isBlank()
          ? java.util.Optional.of(project) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The metadata server of the Google Cloud machine Darkroom runs on. */
  static Grant metadataServer(String url, HttpClient http, Clock clock, Redactor redactor) {
    String what = "the metadata server's default service account (" + url + ")";
    return new Grant() {
      @Override
      public Token fetch() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).header("Metadata-Flavor", "Google").GET().build();
        return parseTokenAnswer(send(http, request, url, redactor), clock, redactor, what, url);
      }

      @Override
      public String describe() {
        return what;
      }
    };
  }

  // ---- the token endpoint ----

  private static Token exchange(HttpClient http, String tokenUrl, Map<String, String> form, Clock clock,
      Redactor redactor, String userAgent, String what) {
    String body = new LinkedHashMap<>(form).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    URI uri;
    try {
      uri = URI.create(tokenUrl);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid token URL '" + tokenUrl + "'", "gemini.tokenUrl", java.util.List.of());
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .version(HttpSupport.versionFor(uri))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return parseTokenAnswer(send(http, request, tokenUrl, redactor), clock, redactor, what, tokenUrl);
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request, String url, Redactor redactor) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw TransportFailures.io("Google OAuth", url, e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while fetching a Google access token", e, Details.none());
    }
  }

  private static Token parseTokenAnswer(HttpResponse<String> response, Clock clock, Redactor redactor,
      String what, String url) {
    JsonNode json = ErrorBodies.parse(response.body());
    String token = json.path("access_token").asText("");
    if (response.statusCode() / 100 != 2 || token.isEmpty()) {
      String error = json.path("error").isTextual() ? json.path("error").asText() : "";
      String description = json.path("error_description").asText("");
      String safe = redactor.redact(ErrorBodies.truncate(response.body()));
      String reason = error.isEmpty() ? "HTTP " + response.statusCode() + ": " + ErrorBodies.firstLine(safe)
          : error + (description.isEmpty() ? "" : ": " + redactor.redact(description));
      throw new AuthenticationException("Google refused an access token for " + what + " at " + url + " ("
          + reason + "); for a service account check that the key is not deleted or disabled, for user"
          + " credentials run 'gcloud auth application-default login' again", null,
          Details.http(response.statusCode(), error.isEmpty() ? null : error, safe));
    }
    redactor.add(token);
    long seconds = json.path("expires_in").asLong(3600);
    return new Token(token, clock.instant().plusSeconds(seconds));
  }

  // ---- JWT (RS256) ----

  /** A signed JWT asserting {@code email} for the cloud-platform scope, valid one hour from {@code now}. */
  static String jwt(String email, String keyId, PrivateKey key, String audience, Instant now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    if (!keyId.isEmpty()) {
      header.put("kid", keyId);
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", email);
    claims.put("scope", SCOPE);
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.getEpochSecond() + 3600);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    try {
      String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
          + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a JWT with the service account key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Reads a PKCS#8 PEM RSA private key, as service account files hold. */
  static PrivateKey privateKey(String pem, Path file) {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // no key material in the message
      throw new InvalidRequestException("the private_key in " + file + " is not a PKCS#8 PEM RSA key ("
          + e.getClass().getSimpleName() + "); download a new JSON key for the service account",
          "gemini.credentialsFile", java.util.List.of());
    }
  }

  private static String required(JsonNode json, String field, Path file) {
    String v = json.path(field).asText("");
    if (v.isBlank()) {
      throw new InvalidRequestException("Google credentials file " + file + " has no " + field,
          "gemini.credentialsFile", java.util.List.of());
    }
    return v;
  }
}
