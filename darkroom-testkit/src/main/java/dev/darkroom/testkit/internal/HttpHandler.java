package dev.darkroom.testkit.internal;

import java.io.IOException;

/** Answers one request by writing exactly one response (or one deliberate fault) to the sink. */
@FunctionalInterface
public interface HttpHandler {
  void handle(HttpRequestData request, ResponseSink sink) throws IOException;
}
