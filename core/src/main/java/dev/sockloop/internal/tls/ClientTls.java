package dev.sockloop.internal.tls;

import java.net.SocketAddress;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import org.slf4j.LoggerFactory;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.tls.ClientTlsEngineFactory;
import dev.sockloop.tls.TlsStats;

/**
 * The TLS side of a client: wraps the handler of each new outbound connection so that it
 * handshakes first, with the same engine driver ({@link TlsConnection}) as a server's connections.
 */
public final class ClientTls {

	private final ClientTlsEngineFactory engines;

	private final long handshakeTimeoutNanos;

	private final TlsStats stats;

	/** Failures a server can cause (a bad certificate, an alert), logged at a limited rate. */
	private final RateLimitedLog warnings = new RateLimitedLog(LoggerFactory.getLogger("dev.sockloop.tls"));

	/**
	 * Creates the TLS side of a client.
	 * @param clientName the client's name, for the counters
	 * @param engines creates the engine of each connection
	 * @param handshakeTimeoutNanos time from connect to a completed handshake; 0 for none
	 */
	public ClientTls(String clientName, ClientTlsEngineFactory engines, long handshakeTimeoutNanos) {
		this.engines = engines;
		this.handshakeTimeoutNanos = handshakeTimeoutNanos;
		this.stats = new TlsStats(clientName);
	}

	/**
	 * The client's handshake counters.
	 * @return the stats
	 */
	public TlsStats stats() {
		return this.stats;
	}

	/**
	 * Wraps {@code delegate}, which is called with the TLS connection once the handshake completes.
	 * @param target the address connected to, for the engine's peer name
	 * @param delegate called after the handshake
	 * @param handshakeFailed told why, if the handshake fails or times out
	 * @return the handler to start the connection with
	 */
	public ConnectionHandler handler(SocketAddress target, ConnectionHandler delegate,
			Consumer<SSLException> handshakeFailed) {
		return (network) -> {
			TlsConnection tls = new TlsConnection(network, this.engines.createEngine(target), this.stats,
					this.warnings, delegate);
			tls.onHandshakeFailure(handshakeFailed);
			return tls.start(this.handshakeTimeoutNanos);
		};
	}

}
