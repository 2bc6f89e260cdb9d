package dev.sockloop.tls;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.sockloop.connection.Connection;

/**
 * Creates the server-side {@link SSLEngine} of each accepted connection; a client's engines come
 * from a {@link ClientTlsEngineFactory}.
 */
@FunctionalInterface
public interface TlsEngineFactory {

	/**
	 * Creates an engine in server mode for one connection.
	 * @param connection the accepted connection
	 * @return a new engine, not yet handshaking
	 */
	SSLEngine createEngine(Connection connection);

	/**
	 * A factory of server engines from one context.
	 * @param context the context holding the server's key and trust material
	 * @param clientAuth whether client certificates are requested or required
	 * @param protocols protocols to enable, such as {@code TLSv1.3}; empty for the context's defaults
	 * @param cipherSuites cipher suites to enable, as given; empty for the AEAD suites among the
	 * context's defaults (AES-GCM, ChaCha20-Poly1305, AES-CCM and the TLS 1.3 suites)
	 * @return the factory
	 */
	static TlsEngineFactory of(SSLContext context, ClientAuth clientAuth, List<String> protocols,
			List<String> cipherSuites) {
		String[] enabledProtocols = protocols.toArray(new String[0]);
		String[] enabledCipherSuites = cipherSuites.isEmpty()
				? AeadCipherSuites.among(context.getDefaultSSLParameters().getCipherSuites())
				: cipherSuites.toArray(new String[0]);
		return (connection) -> {
			SSLEngine engine = context.createSSLEngine();
			engine.setUseClientMode(false);
			if (enabledProtocols.length > 0) {
				engine.setEnabledProtocols(enabledProtocols);
			}
			if (enabledCipherSuites.length > 0) {
				engine.setEnabledCipherSuites(enabledCipherSuites);
			}
			switch (clientAuth) {
				case NEED -> engine.setNeedClientAuth(true);
				case WANT -> engine.setWantClientAuth(true);
				case NONE -> engine.setNeedClientAuth(false);
			}
			return engine;
		};
	}

	/**
	 * A factory of server engines from one context with its default protocols and its default
	 * AEAD cipher suites.
	 * @param context the context holding the server's key and trust material
	 * @param clientAuth whether client certificates are requested or required
	 * @return the factory
	 */
	static TlsEngineFactory of(SSLContext context, ClientAuth clientAuth) {
		return of(context, clientAuth, List.of(), List.of());
	}

}
