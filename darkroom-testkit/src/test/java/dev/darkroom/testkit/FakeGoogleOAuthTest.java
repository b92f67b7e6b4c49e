package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake token endpoint refuses what Google would and issues tokens that expire on demand. */
class FakeGoogleOAuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(FakeGoogleOAuth oauth, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refreshTokenGrantIssuesATokenThatCanBeExpired() throws Exception {
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start().tokenLifetime(Duration.ofMinutes(10))) {
      HttpResponse<String> ok = post(oauth, "grant_type=refresh_token&client_id=" + FakeGoogleOAuth.CLIENT_ID
          + "&client_secret=" + FakeGoogleOAuth.CLIENT_SECRET + "&refresh_token=1%2F%2Ffake-refresh-token");
      JsonNode body = JSON.readTree(ok.body());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(body.path("expires_in").asLong()).isEqualTo(600);
      String token = body.path("access_token").asText();
      assertThat(oauth.isValid(token)).isTrue();
      oauth.expireIssuedTokens();
      assertThat(oauth.isValid(token)).isFalse();
      assertThat(oauth.grants()).containsExactly("refresh_token");
    }
  }

  @Test
  void badClientsUnsignedJwtsAndUnknownGrantsAreRefused() throws Exception {
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start()) {
      HttpResponse<String> client = post(oauth, "grant_type=refresh_token&client_id=x&client_secret=y&refresh_token=z");
      assertThat(client.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(client.body()).path("error").asText()).isEqualTo("invalid_client");
      HttpResponse<String> jwt = post(oauth,
          "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJub25lIn0.e30.");
      assertThat(jwt.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(jwt.body()).path("error").asText()).isEqualTo("invalid_grant");
      assertThat(post(oauth, "grant_type=password").statusCode()).isEqualTo(400);
      assertThat(oauth.grants()).isEmpty();
    }
  }

  private HttpResponse<String> metadata(FakeGoogleOAuth oauth, String path, boolean flavor) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + oauth.metadataHost() + path));
    if (flavor) {
      b.header("Metadata-Flavor", "Google");
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMetadataServerNeedsTheFlavorHeaderAnswersWithItAndReportsItsProject() throws Exception {
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start().metadataProject("vm-project")) {
      assertThat(metadata(oauth, "/", false).statusCode()).isEqualTo(403);
      HttpResponse<String> probe = metadata(oauth, "/", true);
      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(probe.headers().firstValue("Metadata-Flavor")).hasValue("Google");
      assertThat(oauth.metadataProbes()).isEqualTo(1);
      assertThat(metadata(oauth, "/computeMetadata/v1/project/project-id", true).body()).isEqualTo("vm-project");
      String token = JSON.readTree(metadata(oauth, "/computeMetadata/v1/instance/service-accounts/default/token",
          true).body()).path("access_token").asText();
      assertThat(oauth.isValid(token)).isTrue();
      assertThat(oauth.grants()).containsExactly("metadata");
    }
  }

  @Test
  void tokensCanStopBeingAcceptedAfterSomeUses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
      throws Exception {
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start().expireTokensAfterUses(2)) {
      String token = oauth.issueAccessToken();
      assertThat(oauth.isValid(token)).isTrue();
      assertThat(oauth.isValid(token)).isTrue();
      assertThat(oauth.isValid(token)).isFalse();
      assertThat(oauth.grants()).isEmpty();
      JsonNode gcloud = JSON.readTree(oauth.writeGcloudCredentials(home).toFile());
      assertThat(home.resolve(".config/gcloud/application_default_credentials.json")).exists();
      assertThat(gcloud.path("type").asText()).isEqualTo("authorized_user");
      assertThat(gcloud.path("token_uri").asText()).isEqualTo(oauth.tokenUrl());
    }
  }
}
