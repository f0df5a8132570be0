package dev.livesecrets.vault;

import java.util.List;

/**
 * What Vault's PKI engine answered to {@code <mount>/issue/<role>}: the certificate, the chain of its issuers and
 * the private key, all PEM. Its {@code toString()} shows the serial only: the key stays out of logs.
 *
 * @param serial      the certificate's serial, as Vault writes it ({@code 1a:2b:...}); public
 * @param certificate the leaf certificate, PEM
 * @param caChain     the issuing CA first, then its issuers, PEM each
 * @param privateKey  the PKCS#8 private key, PEM
 */
public record IssuedCertificate(String serial, String certificate, List<String> caChain, String privateKey) {

  public IssuedCertificate {
    caChain = List.copyOf(caChain);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[serial=" + serial + ", chain=" + caChain.size() + " certificate(s), privateKey=<redacted>]";
  }
}
