/**
 * The TLS engine behind {@link dev.sockloop.tls.TlsHandler}: {@code TlsConnection}, the connection
 * a TLS handler's delegate sees and the drain that moves bytes between it, the {@link
 * javax.net.ssl.SSLEngine} and the connection underneath, with the decrypted inbound publisher,
 * the application's sends and the outgoing records, each bounded so that a peer that never reads
 * costs bounded memory. Not API, may change without notice: only Sockloop's own modules may use
 * it.
 */
package dev.sockloop.internal.tls;
