package dev.livesecrets.certificates;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a certificate chain and key may be served: the chain parses and each certificate is signed by the
 * next (at least one issuer is present), the key is PKCS#8 and matches the leaf (it signs what the leaf's public key
 * verifies), the leaf's subject alternative names cover every name required, and it is valid now (not before its
 * not-before, not after its not-after). Pure apart from a random challenge; blocking crypto work, so call it on a
 * worker. Messages name the check and the serial, never key material.
 */
public final class CertificateChecks {

  private static final Pattern KEY_PEM = Pattern.compile(
    "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private CertificateChecks() {
  }

  /**
   * The certificate {@code chainPem} (leaf first) and {@code keyPem} make, checked against {@code requiredNames} at
   * {@code now}; throws {@link CertificateRejectedException} naming the first check failed.
   */
  public static ServerCertificate check(String chainPem, String keyPem, List<String> requiredNames, Instant now,
                                        String source) {
    List<X509Certificate> chain = parseChain(chainPem);
    X509Certificate leaf = chain.get(0);
    String serial = serialOf(leaf.getSerialNumber());
    checkChain(chain, serial);
    checkKey(parseKey(keyPem, serial), leaf.getPublicKey(), serial);
    List<String> names = subjectAltNames(leaf, serial);
    for (String required : requiredNames) {
      if (!covers(names, required)) {
        throw new CertificateRejectedException(serial, "wrong names: its subject alternative names " + names
          + " do not cover " + required + " (TLS_COMMON_NAME, TLS_ALT_NAMES)");
      }
    }
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (!now.isBefore(notAfter)) {
      throw new CertificateRejectedException(serial, "expired: not valid after " + notAfter);
    }
    if (now.isBefore(notBefore)) {
      throw new CertificateRejectedException(serial, "not yet valid: not valid before " + notBefore);
    }
    return new ServerCertificate(serial, notBefore, notAfter, names, leaf.getIssuerX500Principal().getName(),
      chainPem.strip() + "\n", keyPem, source);
  }

  /** A serial as colon-separated lower-case hex bytes, as Vault writes it. */
  public static String serialOf(BigInteger serial) {
    String hex = serial.toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    }
    return out.toString();
  }

  private static List<X509Certificate> parseChain(String pem) {
    try {
      Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> chain = new ArrayList<>();
      parsed.forEach(certificate -> chain.add((X509Certificate) certificate));
      if (chain.isEmpty()) {
        throw new CertificateRejectedException("unknown", "no certificate: the PEM holds no CERTIFICATE block");
      }
      return chain;
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof CertificateRejectedException rejected) {
        throw rejected;
      }
      throw new CertificateRejectedException("unknown", "the certificate PEM does not parse ("
        + e.getClass().getSimpleName() + ")");
    }
  }

  private static void checkChain(List<X509Certificate> chain, String serial) {
    if (chain.size() < 2) {
      throw new CertificateRejectedException(serial, "chain missing: the certificate comes without the certificate of "
        + "its issuer (put the leaf first, then its CA chain)");
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate subject = chain.get(i);
      X509Certificate issuer = chain.get(i + 1);
      try {
        if (!subject.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
          throw new GeneralSecurityException("issuer name differs");
        }
        subject.verify(issuer.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateRejectedException(serial, "broken chain: certificate " + (i + 1) + " of the chain is not "
          + "signed by certificate " + (i + 2) + " (" + issuer.getSubjectX500Principal().getName() + ")");
      }
    }
  }

  private static PrivateKey parseKey(String pem, String serial) {
    Matcher matcher = pem == null ? null : KEY_PEM.matcher(pem);
    if (matcher == null || !matcher.find()) {
      throw new CertificateRejectedException(serial, "key unreadable: expected an unencrypted PKCS#8 PEM key "
        + "(BEGIN PRIVATE KEY; convert with 'openssl pkcs8 -topk8 -nocrypt')");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw new CertificateRejectedException(serial, "key unreadable: its PEM body is not base64");
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException notThisOne) {
        // the next algorithm
      }
    }
    throw new CertificateRejectedException(serial, "key unreadable: not an RSA, EC or EdDSA PKCS#8 key");
  }

  /** The key matches the certificate when what it signs verifies with the certificate's public key. */
  private static void checkKey(PrivateKey key, PublicKey certified, String serial) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign as themselves
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      matches = false; // another key type than the certificate's, for one
    }
    if (!matches) {
      throw new CertificateRejectedException(serial, "key mismatch: the private key does not belong to the "
        + "certificate");
    }
  }

  private static List<String> subjectAltNames(X509Certificate leaf, String serial) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == SAN_DNS) {
            names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
          } else if (type == SAN_IP) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new CertificateRejectedException(serial, "its subject alternative names do not parse");
    }
    return names;
  }

  /** Whether {@code names} cover {@code required}: the same DNS name, a one-label wildcard, or the same address. */
  static boolean covers(List<String> names, String required) {
    String wanted = required.toLowerCase(Locale.ROOT);
    InetAddress address = ipOf(wanted);
    for (String name : names) {
      if (address != null) {
        if (address.equals(ipOf(name))) {
          return true;
        }
      } else if (name.equals(wanted) || (name.startsWith("*.") && wanted.indexOf('.') > 0
        && wanted.substring(wanted.indexOf('.')).equals(name.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress ipOf(String name) {
    if (!name.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return null; // a DNS name: never looked up
    }
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
