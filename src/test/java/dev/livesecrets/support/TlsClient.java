package dev.livesecrets.support;

import dev.livesecrets.certificates.CertificateChecks;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTPS to the service on loopback that trusts one CA only and verifies the host name, so every handshake proves
 * the certificate served chains to that CA and names the host. Each {@link Connection} tells the serial it was
 * served and sends HTTP/1.1 requests over the same connection (keep-alive). Test threads only.
 */
public final class TlsClient {

  private final SSLContext context;
  private final int port;

  public TlsClient(String caPem, int port) {
    this.port = port;
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
        trust.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
    } catch (Exception e) {
      throw new AssertionError("cannot set up a TLS client trusting the CA: " + e, e);
    }
  }

  /** A verified connection to 127.0.0.1 (the certificate must name that address); fails on a bad certificate. */
  public Connection open() throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return new Connection(socket);
  }

  /** One request on a new connection, closed after it. */
  public Response getOnce(String path, Map<String, String> headers) throws IOException {
    try (Connection connection = open()) {
      return connection.get(path, headers);
    }
  }

  /** An answer and the serial of the certificate of the connection it came on. */
  public record Response(int status, Map<String, String> headers, String body, String serial) {
  }

  /** One TLS connection, for as many requests as the server keeps it open. */
  public static final class Connection implements AutoCloseable {

    private final SSLSocket socket;
    private final String serial;

    private Connection(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.serial = CertificateChecks.serialOf(((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSerialNumber());
    }

    public String serial() {
      return serial;
    }

    public Response get(String path, Map<String, String> headers) throws IOException {
      StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String status = line(in);
      if (status == null) {
        throw new IOException("the server closed the connection");
      }
      Map<String, String> answered = new HashMap<>();
      for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        answered.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(answered.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      LeakGuard.suite().recordBody("https GET " + path, new String(body, StandardCharsets.UTF_8));
      return new Response(Integer.parseInt(status.split(" ")[1]), answered, new String(body, StandardCharsets.UTF_8),
        serial);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
