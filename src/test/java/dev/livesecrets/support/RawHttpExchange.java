package dev.livesecrets.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection over a plain socket, reused for request after request as a keep-alive client
 * does, that tells apart every way an exchange can end: answered in full, refused at connect, closed
 * before any byte of the answer (on a fresh or on a reused connection), cut in the middle of the answer,
 * or not answered in time. Java's and Vert.x's clients retry or fold these together; a shutdown test
 * needs them apart. Closes the connection when an answer says {@code Connection: close}, as a well-behaved
 * client does. One thread at a time; loopback only.
 */
public final class RawHttpExchange implements AutoCloseable {

  /** How an exchange ended. */
  public enum Ending {
    /** A whole answer arrived. */
    ANSWERED,
    /** The connection was refused: nothing was sent. */
    REFUSED,
    /** A new connection was closed or reset before any byte of the answer: the request was not read. */
    UNANSWERED_ON_NEW_CONNECTION,
    /** A reused keep-alive connection was closed or reset before any byte of the answer. */
    UNANSWERED_ON_REUSED_CONNECTION,
    /** The answer stopped in the middle. */
    CUT_MID_ANSWER,
    /** No answer within the read timeout. */
    TIMED_OUT
  }

  /** What became of one request: its ending, and for a whole answer its status, body and whether it closes. */
  public record Exchange(Ending ending, int status, String body, boolean connectionClose) {
  }

  private static final int READ_TIMEOUT_MS = 10_000;

  private final InetSocketAddress address;
  private Socket socket;
  private boolean reused;

  public RawHttpExchange(int port) {
    this.address = new InetSocketAddress("127.0.0.1", port);
  }

  /** Sends a GET with the given extra header lines (each ending in CRLF) and reads the answer. */
  public Exchange get(String path, String headerLines) {
    return send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLines + "\r\n", null, 0);
  }

  /**
   * Sends {@code head} (request line and headers, ending in an empty line); then, if {@code body} is not null,
   * waits {@code bodyDelayMillis} and sends it; then reads the answer.
   */
  public Exchange send(String head, String body, long bodyDelayMillis) {
    if (socket == null) {
      try {
        socket = new Socket();
        socket.connect(address, 2000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        reused = false;
      } catch (ConnectException refused) {
        close();
        return new Exchange(Ending.REFUSED, 0, null, false);
      } catch (IOException e) {
        close();
        return new Exchange(Ending.REFUSED, 0, null, false);
      }
    }
    boolean wasReused = reused;
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try {
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      if (body != null) {
        Thread.sleep(bodyDelayMillis);
        socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
      }
      Exchange exchange = read(socket.getInputStream(), answer);
      if (exchange.connectionClose()) {
        close();
      } else {
        reused = true;
      }
      return exchange;
    } catch (SocketTimeoutException e) {
      close();
      return new Exchange(Ending.TIMED_OUT, 0, null, false);
    } catch (IOException e) {
      close();
      return ended(answer, wasReused);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      return new Exchange(Ending.TIMED_OUT, 0, null, false);
    }
  }

  private static Exchange read(InputStream in, ByteArrayOutputStream answer) throws IOException {
    int headEnd = -1;
    while (headEnd < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("end of stream");
      }
      answer.write(b);
      byte[] bytes = answer.toByteArray();
      int n = bytes.length;
      if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
        headEnd = n;
      }
    }
    String head = answer.toString(StandardCharsets.US_ASCII);
    int status = Integer.parseInt(head.substring(9, 12));
    int length = 0;
    boolean close = false;
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    byte[] body = in.readNBytes(length);
    answer.write(body);
    if (body.length < length) {
      throw new IOException("end of stream in the body");
    }
    return new Exchange(Ending.ANSWERED, status, new String(body, StandardCharsets.UTF_8), close);
  }

  private static Exchange ended(ByteArrayOutputStream answer, boolean reused) {
    if (answer.size() > 0) {
      return new Exchange(Ending.CUT_MID_ANSWER, 0, null, false);
    }
    return new Exchange(reused ? Ending.UNANSWERED_ON_REUSED_CONNECTION : Ending.UNANSWERED_ON_NEW_CONNECTION, 0,
      null, false);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket the other side already closed
      }
      socket = null;
    }
  }
}
