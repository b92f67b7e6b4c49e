package dev.darkroom.testkit.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A connection taken over from the HTTP server after a protocol switch.
 *
 * @param socket the TCP socket; closing it ends the connection
 * @param in     buffered input, positioned after the upgrade request
 * @param out    buffered output; flush after each frame
 */
public record RawConnection(Socket socket, InputStream in, OutputStream out) {}
