package dev.livesecrets.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection to the service on loopback, driven byte by byte: for requests no HTTP client would
 * send (a head trickled in, a body cut short) and for telling when the server closes. Test threads only.
 */
public final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean closedByServer;

  private RawConnection(Socket socket) {
    this.socket = socket;
  }

  public static RawConnection open(int port) {
    try {
      return new RawConnection(new Socket("127.0.0.1", port));
    } catch (IOException e) {
      throw new AssertionError("cannot connect to port " + port + ": " + e, e);
    }
  }

  /** Sends {@code text} (ISO-8859-1); false when the server has closed the connection. */
  public boolean send(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return true;
    } catch (IOException closed) {
      closedByServer = true;
      return false;
    }
  }

  /**
   * Reads for at most {@code wait}; true when the server closed the connection in that time (end of
   * stream or reset). What arrived is kept for {@link #received()}.
   */
  public boolean closedWithin(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (!closedByServer) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        int n = in.read(buffer);
        if (n < 0) {
          closedByServer = true;
        } else {
          received.write(buffer, 0, n);
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      closedByServer = true;
    } catch (IOException e) {
      throw new AssertionError("reading failed: " + e, e);
    }
    return true;
  }

  /**
   * Reads until one whole response (head and {@code Content-Length} body) has arrived, the server
   * closes, or {@code wait} passes; returns what arrived after any response read before.
   */
  public String response(Duration wait) {
    int start = received.size();
    long deadline = System.nanoTime() + wait.toNanos();
    while (!complete(received.toString(StandardCharsets.ISO_8859_1).substring(start)) && !closedByServer
      && System.nanoTime() < deadline) {
      closedWithin(Duration.ofMillis(20));
    }
    return received.toString(StandardCharsets.ISO_8859_1).substring(start);
  }

  /** Every byte received so far. */
  public String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  public byte[] receivedBytes() {
    return received.toByteArray();
  }

  /** The status code of {@code response}, or -1 if it holds none. */
  public static int status(String response) {
    return response.startsWith("HTTP/1.") && response.length() >= 12
      ? Integer.parseInt(response.substring(9, 12)) : -1;
  }

  /** The body of {@code response}. */
  public static String body(String response) {
    int head = response.indexOf("\r\n\r\n");
    return head < 0 ? "" : response.substring(head + 4);
  }

  private static boolean complete(String response) {
    int head = response.indexOf("\r\n\r\n");
    if (head < 0) {
      return false;
    }
    for (String line : response.substring(0, head).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return response.length() >= head + 4 + Integer.parseInt(line.substring(15).trim());
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a connection the server closed already.
    }
  }
}
