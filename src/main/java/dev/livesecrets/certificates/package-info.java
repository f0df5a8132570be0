/**
 * The service's own HTTPS certificate: issued by Vault's PKI engine (or read from files), checked before use
 * ({@link dev.livesecrets.certificates.CertificateChecks}), replaced before it expires through the lease lifecycle,
 * and handed to the HTTP layer, which swaps it on the listening server. Sits beside {@code credentials}: above
 * {@code vault} and {@code lease}, below the secrets verticle that hosts it.
 */
package dev.livesecrets.certificates;
