package dev.darkroom.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.RequestTimeoutException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

/**
 * Turns I/O failures of a provider call into Darkroom exceptions, the same way for every provider:
 * broken JSON is a retryable malformed response, connection failures are retryable transport errors,
 * except an unknown host name, and a passed deadline is a (not retried) timeout. Messages are redacted.
 */
public final class TransportFailures {
  private TransportFailures() {}

  /**
   * @param provider the provider's display name, e.g. {@code Gemini}
   * @param hint what usually makes this provider slow, e.g. {@code Pro and 4K images can take minutes}
   */
  public static RequestTimeoutException timeout(String provider, Duration timeout, String hint) {
    return new RequestTimeoutException(provider + " did not answer within " + timeout.toSeconds()
        + " s; raise --timeout (" + hint + "). The call may still be billed.", null, Details.none());
  }

  /** The exception for an {@link IOException} while calling {@code baseUrl} or reading its answer. */
  public static DarkroomException io(String provider, String baseUrl, IOException e, Redactor redactor) {
    String detail = redactor.redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    if (e instanceof JsonProcessingException) {
      return new MalformedResponseException(provider + " sent a truncated or malformed response (" + detail + ")",
          null, Details.none().retryable(true));
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new TransportException("could not connect to " + baseUrl + " in time; check the network and --base-url",
          e, Details.none().retryable(true));
    }
    if (unresolvedHost(e)) {
      return new TransportException("cannot resolve the host of " + baseUrl + ": no such host name; check the"
          + " spelling in --base-url (or the provider's base-URL variable) and the network's DNS", e,
          Details.none().retryable(false));
    }
    if (e instanceof ConnectException) {
      return new TransportException("could not connect to " + baseUrl + " (" + detail
          + "); check the network and --base-url", e, Details.none().retryable(true));
    }
    if (detail.startsWith("empty response body") || detail.startsWith("expected a JSON object")
        || detail.startsWith("field '")) {
      return new MalformedResponseException(provider + " sent an invalid response (" + detail + ")", null,
          Details.none().retryable(true));
    }
    return new TransportException("the connection to " + baseUrl + " failed (" + e.getClass().getSimpleName()
        + ": " + detail + "); check the network", e, Details.none().retryable(true));
  }

  /** An unknown host name does not start resolving on a retry: such failures are not retried. */
  private static boolean unresolvedHost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
