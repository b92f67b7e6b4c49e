package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.DarkroomException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 21 (cosmetic): an unresolvable host is not retried for ten seconds; it fails at once, saying why. */
class UnknownHostTest {

  @Test
  void anUnresolvedAddressIsNotRetryableAndSaysTheHostIsUnknown() {
    ConnectException e = new ConnectException();
    e.initCause(new UnresolvedAddressException());

    DarkroomException d = TransportFailures.io("Gemini", "https://generativelanguag.googleapis.com", e,
        new Redactor(List.of()));

    assertThat(d).isInstanceOf(TransportException.class);
    assertThat(d.isRetryable()).isFalse();
    assertThat(d.getMessage()).contains("cannot resolve the host").contains("generativelanguag.googleapis.com")
        .contains("--base-url");
  }

  @Test
  void anUnknownHostExceptionIsNotRetryable() {
    DarkroomException d = TransportFailures.io("OpenAI", "https://api.opanai.com/v1",
        new java.net.UnknownHostException("api.opanai.com"), new Redactor(List.of()));

    assertThat(d.isRetryable()).isFalse();
  }

  @Test
  void aRefusedConnectionIsStillRetryable() {
    DarkroomException d = TransportFailures.io("OpenAI", "http://127.0.0.1:9", new ConnectException("Connection refused"),
        new Redactor(List.of()));

    assertThat(d.isRetryable()).isTrue();
  }
}
