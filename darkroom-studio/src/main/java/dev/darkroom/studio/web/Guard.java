package dev.darkroom.studio.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may talk to the studio: requests whose {@code Host} names this server on the loopback
 * interface (no DNS rebinding), carrying the per-launch token in a cookie (set from the launch URL's
 * {@code token} parameter; {@code SameSite=Strict}, {@code HttpOnly}), and, when they change
 * something, coming from this origin with a JSON body (so no form or simple request from another page
 * can reach them).
 */
final class Guard {
  private final String token;
  private final int port;
  private final String cookieName;

  Guard(int port) {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    this.port = port;
    this.cookieName = "darkroom_studio_" + port;
  }

  String token() {
    return token;
  }

  String setCookie() {
    return cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** Whether {@code Host} is 127.0.0.1 or localhost at this server's port. */
  boolean hostAllowed(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port);
  }

  /** Whether the request carries the launch token as a query parameter. */
  boolean tokenInQuery(HttpExchange ex) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return false;
    }
    for (String part : q.split("&")) {
      if (part.startsWith("token=") && same(part.substring(6))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request carries the token cookie. */
  boolean hasCookie(HttpExchange ex) {
    List<String> headers = ex.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return false;
    }
    for (String header : headers) {
      for (String c : header.split(";")) {
        String s = c.strip();
        if (s.startsWith(cookieName + "=") && same(s.substring(cookieName.length() + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Why a state-changing request is refused, if it is: its {@code Origin} (when sent, as browsers do)
   * must be this server, and its body JSON.
   */
  Optional<String> refuseWrite(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null && !origin.equals("http://127.0.0.1:" + port) && !origin.equals("http://localhost:" + port)) {
      return Optional.of("cross-origin request refused");
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return Optional.of("Content-Type must be application/json");
    }
    return Optional.empty();
  }

  private boolean same(String candidate) {
    return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
