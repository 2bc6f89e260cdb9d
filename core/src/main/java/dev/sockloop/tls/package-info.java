/**
 * TLS for a server's connections, on the JDK's {@link javax.net.ssl.SSLEngine}. {@link
 * dev.sockloop.tls.TlsHandler} wraps the application's handler so that it sees decrypted bytes; a
 * {@link dev.sockloop.tls.TlsEngineFactory} creates each connection's engine, with {@link
 * dev.sockloop.tls.ClientAuth} saying whether clients must present a certificate; {@link
 * dev.sockloop.tls.TlsStats} counts handshakes completed, failed and timed out, and renegotiations
 * refused.
 */
package dev.sockloop.tls;
