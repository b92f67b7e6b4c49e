package dev.darkroom.internal.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's default TLS set-up, created only when a connection first needs it. The JDK {@code HttpClient}
 * otherwise calls {@link SSLContext#getDefault()} in its constructor, which reads and parses the CA
 * certificate store and initialises the default key and trust managers, even for a client that only ever
 * talks {@code http://} (a local engine, a fake): a tenth of a second of a one-shot command.
 *
 * <p>{@link #context()} is an {@link SSLContext} that forwards every call to {@code SSLContext.getDefault()}
 * on first use. {@link #defaultParameters()} are the default context's parameters (protocols, cipher
 * suites, algorithm constraints), computed from a TLS context that needs no certificates and is never
 * used for a connection; they equal {@code SSLContext.getDefault().getDefaultSSLParameters()}.
 */
final class LazyTls {
  private LazyTls() {}

  /** A context that becomes the JDK default one when a TLS connection is first made. */
  static SSLContext context() {
    return new Deferred();
  }

  /** The default context's parameters, without loading its certificates. */
  static SSLParameters defaultParameters() throws GeneralSecurityException {
    SSLContext probe = SSLContext.getInstance("TLS");
    probe.init(new KeyManager[0], new TrustManager[] {new Refusing()}, null);
    return probe.getDefaultSSLParameters();
  }

  private static final class Deferred extends SSLContext {
    Deferred() {
      super(new Forwarding(), null, "Default");
    }
  }

  private static final class Forwarding extends SSLContextSpi {
    private volatile @Nullable SSLContext real;

    private SSLContext real() {
      SSLContext r = real;
      if (r == null) {
        try {
          r = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("no default TLS context in this JDK", e);
        }
        real = r;
      }
      return r;
    }

    @Override
    protected void engineInit(KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("the default TLS context is initialised by the JDK");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }

  /** Trusts nothing; only for the probe context, which never makes a connection. */
  private static final class Refusing extends X509ExtendedTrustManager {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("the parameter probe makes no connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      throw refused();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
