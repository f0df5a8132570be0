package dev.livesecrets.certificates;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;

import java.util.Map;

/**
 * What happened to the service's own HTTPS certificate, one small immutable record per transition, published on
 * the local event bus ({@link ServiceEvent#ADDRESS}). Serials (public), names and times only: never the key.
 */
public sealed interface CertificateEvent extends ServiceEvent {

  /** A new certificate was issued (or read from its files) and passed every check. */
  record CertificateIssued(String serial, String notAfter, String source, String reason) implements CertificateEvent {
    public String name() {
      return "tls.certificate_issued";
    }

    public String summary() {
      return "HTTPS certificate " + serial + " (" + source + ", valid until " + notAfter + ") issued and checked: "
        + reason;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("serial", serial, "notAfter", notAfter, "source", source, "reason", reason);
    }
  }

  /** The HTTP server serves a certificate to new connections from now on (existing ones keep theirs). */
  record CertificateInstalled(String serial, String notAfter, boolean swapped) implements CertificateEvent {
    public String name() {
      return "tls.certificate_installed";
    }

    public String summary() {
      return "HTTPS certificate " + serial + " (valid until " + notAfter + ") " + (swapped
        ? "swapped in on the listening server for new connections" : "in use from the start");
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("serial", serial, "notAfter", notAfter, "swapped", swapped);
    }

    public Tone tone() {
      return Tone.GOOD;
    }
  }

  /** A certificate failed a check and was not installed; the one in force keeps serving. */
  record CertificateRejected(String serial, String source, String reason) implements CertificateEvent {
    public String name() {
      return "tls.certificate_rejected";
    }

    public String summary() {
      return "HTTPS certificate " + serial + " (" + source + ") rejected, the current one keeps serving: " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("serial", serial, "source", source, "reason", reason);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }

  /** Issuing, reading or installing a certificate failed, or the one in force ran out. */
  record CertificateFailure(String operation, String reason) implements CertificateEvent {
    public String name() {
      return "tls.certificate_failure";
    }

    public String summary() {
      return "HTTPS certificate " + operation + " failed: " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("operation", operation, "reason", reason);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }
}
