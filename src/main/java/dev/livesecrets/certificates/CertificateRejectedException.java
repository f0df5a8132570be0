package dev.livesecrets.certificates;

/**
 * A certificate failed a check and is not used. The message names the check and the serial, never key material.
 */
public final class CertificateRejectedException extends RuntimeException {

  private final String serial;

  public CertificateRejectedException(String serial, String reason) {
    super(reason, null, false, false);
    this.serial = serial;
  }

  /** The serial of the rejected certificate, or {@code unknown} when it could not be read. */
  public String serial() {
    return serial;
  }
}
