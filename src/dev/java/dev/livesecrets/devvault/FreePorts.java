package dev.livesecrets.devvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a loopback TCP port that is free right now. Blocking, but only for a moment. */
public final class FreePorts {

  private FreePorts() {
  }

  /**
   * A port nobody listens on at this instant. Another process may still take it before the server binds it,
   * so callers that start a server retry with a new port when the bind fails.
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
