package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class LazyTlsTest {

  @Test
  void parametersAreTheDefaultContextsOwn() throws Exception {
    SSLParameters lazy = LazyTls.defaultParameters();
    SSLParameters real = SSLContext.getDefault().getDefaultSSLParameters();

    assertThat(lazy.getProtocols()).containsExactly(real.getProtocols());
    assertThat(lazy.getCipherSuites()).containsExactly(real.getCipherSuites());
    assertThat(lazy.getUseCipherSuitesOrder()).isEqualTo(real.getUseCipherSuitesOrder());
    assertThat(lazy.getNeedClientAuth()).isEqualTo(real.getNeedClientAuth());
    assertThat(lazy.getEndpointIdentificationAlgorithm()).isEqualTo(real.getEndpointIdentificationAlgorithm());
  }

  @Test
  void theClientOffersHttp2CapableTlsVersions() {
    ExecutorService executor = HttpSupport.httpExecutor("lazy-tls-test");
    try {
      HttpClient client = HttpSupport.httpClient(Duration.ofSeconds(1), executor);
      // HttpClient offers h2 over TLS only when its parameters name TLSv1.2 or TLSv1.3
      assertThat(client.sslParameters().getProtocols()).containsAnyOf("TLSv1.3", "TLSv1.2");
      assertThat(client.sslContext().getProtocol()).isEqualTo("Default");
      HttpSupport.shutdownNow(client);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void engineComesFromTheDefaultContext() throws Exception {
    SSLEngine engine = LazyTls.context().createSSLEngine("example.com", 443);
    SSLEngine expected = SSLContext.getDefault().createSSLEngine("example.com", 443);

    assertThat(engine.getClass()).isEqualTo(expected.getClass());
    assertThat(engine.getEnabledProtocols()).containsExactly(expected.getEnabledProtocols());
    assertThat(engine.getPeerHost()).isEqualTo("example.com");
  }

  @Test
  void cannotBeReinitialised() {
    assertThatThrownBy(() -> LazyTls.context().init(null, null, null))
        .isInstanceOf(KeyManagementException.class);
  }
}
