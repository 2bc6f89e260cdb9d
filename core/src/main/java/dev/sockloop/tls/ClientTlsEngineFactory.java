package dev.sockloop.tls;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Creates the client-side {@link SSLEngine} of each outbound connection. The engine is made for the
 * address the application connects to, not the one the socket ends up with, so that the server's
 * certificate is checked against the name the application asked for and SNI carries it.
 */
@FunctionalInterface
public interface ClientTlsEngineFactory {

	/**
	 * Creates an engine in client mode for one connection.
	 * @param target the address given to {@code SocketClient.connect}
	 * @return a new engine, not yet handshaking
	 */
	SSLEngine createEngine(SocketAddress target);

	/**
	 * A factory of client engines from one context, that verify the server's certificate against
	 * the host name connected to (as HTTPS does); over a Unix domain socket, only that the
	 * certificate is trusted.
	 * @param context the context holding the trusted certificates and, for mutual TLS, the client's
	 * key and certificate
	 * @param protocols protocols to enable, such as {@code TLSv1.3}; empty for the context's defaults
	 * @param cipherSuites cipher suites to enable, as given; empty for the AEAD suites among the
	 * context's defaults
	 * @return the factory
	 */
	static ClientTlsEngineFactory of(SSLContext context, List<String> protocols, List<String> cipherSuites) {
		String[] enabledProtocols = protocols.toArray(new String[0]);
		String[] enabledCipherSuites = cipherSuites.isEmpty()
				? AeadCipherSuites.among(context.getDefaultSSLParameters().getCipherSuites())
				: cipherSuites.toArray(new String[0]);
		return (target) -> {
			InetSocketAddress inet = (target instanceof InetSocketAddress address) ? address : null;
			SSLEngine engine = (inet != null) ? context.createSSLEngine(inet.getHostString(), inet.getPort())
					: context.createSSLEngine();
			engine.setUseClientMode(true);
			SSLParameters parameters = engine.getSSLParameters();
			if (inet != null) {
				// Without it the JDK accepts any trusted certificate, whoever it was issued to. A
				// Unix socket has no host name to check: the file's permissions say who listens.
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
			}
			if (enabledProtocols.length > 0) {
				parameters.setProtocols(enabledProtocols);
			}
			if (enabledCipherSuites.length > 0) {
				parameters.setCipherSuites(enabledCipherSuites);
			}
			engine.setSSLParameters(parameters);
			return engine;
		};
	}

	/**
	 * A factory of client engines from one context with its default protocols and its default AEAD
	 * cipher suites, verifying the server's host name.
	 * @param context the context holding the trusted certificates
	 * @return the factory
	 */
	static ClientTlsEngineFactory of(SSLContext context) {
		return of(context, List.of(), List.of());
	}

}
